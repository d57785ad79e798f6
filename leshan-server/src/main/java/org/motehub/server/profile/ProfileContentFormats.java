// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.profile;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.registration.Registration;
import org.motehub.model.profile.DeviceProfile;
import org.motehub.model.profile.ProfileContentFormat;

/**
 * Which of the profile content formats this server's codecs handle, and which one to ask a given device for: the
 * profile's preferred format when both the server and the device support it, else the device's default.
 */
public final class ProfileContentFormats {

    /** The order in which formats are tried for an Observe-Composite when the preferred one cannot be used. */
    private static final List<ProfileContentFormat> COMPOSITE_ORDER = List.of(ProfileContentFormat.SENML_CBOR,
            ProfileContentFormat.SENML_JSON, ProfileContentFormat.LWM2M_CBOR);

    private final EnumSet<ProfileContentFormat> supported;

    /**
     * @param encoder the server's encoder (it writes the paths of an Observe-Composite)
     * @param decoder the server's decoder (it reads answers and notifications)
     * @throws NullPointerException if an argument is null
     */
    public ProfileContentFormats(LwM2mEncoder encoder, LwM2mDecoder decoder) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        EnumSet<ProfileContentFormat> s = EnumSet.noneOf(ProfileContentFormat.class);
        for (ProfileContentFormat f : ProfileContentFormat.values()) {
            ContentFormat cf = ContentFormat.fromCode(f.code());
            if (decoder.isSupported(cf) && (!f.supportsComposite() || encoder.isSupported(cf))) {
                s.add(f);
            }
        }
        this.supported = s;
    }

    /** @return the formats a profile may prefer on this server. */
    public Set<ProfileContentFormat> supported() {
        return EnumSet.copyOf(supported);
    }

    /** @return the format to ask for in a single Observe, or null to let the device choose. */
    public ContentFormat forSingle(DeviceProfile profile, Registration registration) {
        return ProfileContentFormat.named(profile.contentFormat()).filter(f -> usable(f, registration))
                .map(f -> ContentFormat.fromCode(f.code())).orElse(null);
    }

    /**
     * @return the format of an Observe-Composite for this device, or null when the profile does not ask for one, the
     *         device speaks LwM2M 1.0, or no SenML (or LwM2M-CBOR) format is shared
     */
    public ContentFormat forComposite(DeviceProfile profile, Registration registration) {
        if (!profile.compositeObserve() || registration.getLwM2mVersion() == null
                || registration.getLwM2mVersion().olderThan(LwM2mVersion.V1_1)) {
            return null;
        }
        ProfileContentFormat preferred = ProfileContentFormat.named(profile.contentFormat()).orElse(null);
        if (preferred != null && preferred.supportsComposite() && usable(preferred, registration)) {
            return ContentFormat.fromCode(preferred.code());
        }
        return COMPOSITE_ORDER.stream().filter(f -> usable(f, registration)).findFirst()
                .map(f -> ContentFormat.fromCode(f.code())).orElse(null);
    }

    private boolean usable(ProfileContentFormat format, Registration registration) {
        Set<ContentFormat> device = registration.getSupportedContentFormats();
        return supported.contains(format) && device != null && device.contains(ContentFormat.fromCode(format
                .code()));
    }
}
