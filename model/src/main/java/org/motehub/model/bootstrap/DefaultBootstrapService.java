// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.motehub.model.ConflictException;
import org.motehub.model.NotFoundException;
import org.motehub.model.command.Command;
import org.motehub.model.command.CommandRequest;
import org.motehub.model.command.CommandService;
import org.motehub.model.command.CommandType;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceInputRules;
import org.motehub.model.device.DeviceStore;
import org.motehub.model.registration.RegistrationInfo;
import org.motehub.model.registration.RegistrationLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BootstrapService} on a {@link DeviceStore} (credentials) and a {@link BootstrapStore} (states, profiles).
 * Changes to one device's state are serialized by a striped lock. DM keys come from {@link SecureRandom}; identities
 * are {@code mh-} plus 16 random hexadecimal digits, short enough for the identity buffers of small TLS stacks.
 */
public class DefaultBootstrapService implements BootstrapService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultBootstrapService.class);
    private static final int STRIPES = 64;
    /** {@code </1>;ver=1.1}: the Server object version a device announces (resource 9 exists from 1.1 on). */
    private static final Pattern SERVER_VERSION = Pattern.compile("</1>;ver=\"?(\\d+)\\.(\\d+)");
    private static final Pattern SERVER_INSTANCE = Pattern.compile("</1/(\\d+)>");

    private final DeviceStore devices;
    private final BootstrapStore store;
    private final CommandService commands;
    private final RegistrationLookup registrations;
    private final Clock clock;
    private final int keyBytes;
    private final SecureRandom random = new SecureRandom();
    private final Object[] stripes = new Object[STRIPES];

    /**
     * @param keyBytes length of the DM keys issued, {@value DeviceInputRules#MIN_KEY_BYTES} to
     *        {@value DeviceInputRules#MAX_KEY_BYTES}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code keyBytes} is out of range
     */
    public DefaultBootstrapService(DeviceStore devices, BootstrapStore store, CommandService commands,
            RegistrationLookup registrations, Clock clock, int keyBytes) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.store = Objects.requireNonNull(store, "store");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (keyBytes < DeviceInputRules.MIN_KEY_BYTES || keyBytes > DeviceInputRules.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("keyBytes must be " + DeviceInputRules.MIN_KEY_BYTES + " to "
                    + DeviceInputRules.MAX_KEY_BYTES + ", not " + keyBytes);
        }
        this.keyBytes = keyBytes;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    private Object lockOf(String endpoint) {
        return stripes[Math.floorMod(endpoint.hashCode(), STRIPES)];
    }

    /** Applies {@code f} to the device's state; does nothing (but log) for an endpoint unknown to the registry. */
    private Optional<BootstrapState> change(String endpoint, UnaryOperator<BootstrapState> f) {
        synchronized (lockOf(endpoint)) {
            if (devices.find(endpoint).isEmpty()) {
                LOG.debug("Bootstrap event for unknown device [{}] not recorded", endpoint);
                return Optional.empty();
            }
            BootstrapState next = f.apply(store.findState(endpoint).orElseGet(() -> BootstrapState.empty(endpoint)));
            store.putState(next);
            return Optional.of(next);
        }
    }

    @Override
    public void refused(String endpoint, String reason) {
        change(endpoint, s -> s.refused(clock.instant(), reason));
    }

    @Override
    public void started(String endpoint) {
        change(endpoint, s -> s.started(clock.instant()));
    }

    @Override
    public void succeeded(String endpoint) {
        change(endpoint, s -> s.succeeded(clock.instant()));
    }

    @Override
    public void failed(String endpoint, String reason) {
        change(endpoint, s -> s.failed(reason));
    }

    @Override
    public PskCredentials issueCredentials(String endpoint) {
        for (int attempt = 0;; attempt++) {
            byte[] id = new byte[8];
            byte[] key = new byte[keyBytes];
            random.nextBytes(id);
            random.nextBytes(key);
            PskCredentials credentials = new PskCredentials(endpoint, "mh-" + HexFormat.of().formatHex(id), key);
            try {
                devices.putPendingCredentials(credentials);
                LOG.info("Device [{}] issued new DM PSK identity [{}] ({}-byte key), pending until it registers",
                        endpoint, credentials.identity(), keyBytes);
                return credentials;
            } catch (ConflictException e) {
                if (attempt == 3) {
                    throw e; // 64 random bits clashing four times running: the random source is broken
                }
            }
        }
    }

    @Override
    public boolean registered(String endpoint, String identity) {
        if (!devices.promotePendingCredentials(endpoint, identity)) {
            return false;
        }
        LOG.info("Device [{}] registered with its new DM PSK identity [{}]; its previous credentials are revoked",
                endpoint, identity);
        change(endpoint, s -> s.rotationPending() ? s.rotationCompleted(clock.instant()) : s);
        return true;
    }

    @Override
    public Rotation requestRotation(String endpoint) {
        Device device = devices.find(endpoint).orElseThrow(() -> new NotFoundException("no device with endpoint "
                + endpoint));
        if (devices.findBootstrapCredentials(endpoint).isEmpty()) {
            throw new ConflictException("device " + endpoint + " has no bootstrap credentials, so it cannot be "
                    + "given new DM credentials by bootstrap");
        }
        if (!device.state().mayConnect()) {
            throw new ConflictException("device " + endpoint + " is " + device.state() + " and may not connect");
        }
        Optional<String> triggerPath = triggerPath(registrations.find(endpoint));
        String commandId = null;
        if (triggerPath.isPresent()) {
            Command command = commands.submit(endpoint, CommandRequest.of(CommandType.EXECUTE, triggerPath.get()));
            commandId = command.id();
        }
        String queued = commandId;
        BootstrapState state = change(endpoint, s -> s.rotationRequested(clock.instant(), queued)).orElseThrow();
        Rotation.Trigger trigger = commandId == null ? Rotation.Trigger.NEXT_BOOTSTRAP
                : Rotation.Trigger.COMMAND_QUEUED;
        LOG.info("Device [{}] DM credentials rotation requested; trigger {} {}", endpoint, trigger,
                triggerPath.orElse(""));
        return new Rotation(endpoint, state.rotationRequestedAt(), trigger, commandId);
    }

    /**
     * @return the Bootstrap-Request Trigger to execute: {@code /1/x/9} of a registered device whose Server object is
     *         1.1 or later; {@code /1/0/9} for a device that is offline (the queued command waits for it, and a device
     *         without the resource answers an error and rotates at its next bootstrap); empty for a registered
     *         LwM2M 1.0 Server object. A core object's version is announced only when it differs from the default of
     *         the LwM2M version the device registered with (Server 1.1 for LwM2M 1.1).
     */
    static Optional<String> triggerPath(Optional<RegistrationInfo> registration) {
        if (registration.isEmpty()) {
            return Optional.of("/1/0/9");
        }
        String links = registration.get().objectLinks();
        Matcher version = SERVER_VERSION.matcher(links);
        boolean atLeast11 = version.find() ? atLeast11(version.group(1), version.group(2))
                : atLeast11Version(registration.get().lwm2mVersion());
        if (!atLeast11) {
            return Optional.empty();
        }
        Matcher instance = SERVER_INSTANCE.matcher(links);
        List<String> ids = new ArrayList<>();
        while (instance.find()) {
            ids.add(instance.group(1));
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("/1/" + (ids.contains("0") ? "0" : ids.get(0)) + "/9");
    }

    private static boolean atLeast11Version(String version) {
        String[] parts = version == null ? new String[0] : version.split("\\.");
        return parts.length == 2 && atLeast11(parts[0], parts[1]);
    }

    private static boolean atLeast11(String major, String minor) {
        try {
            int ma = Integer.parseInt(major);
            return ma > 1 || ma == 1 && Integer.parseInt(minor) >= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public BootstrapInfo info(String endpoint) {
        if (devices.find(endpoint).isEmpty()) {
            throw new NotFoundException("no device with endpoint " + endpoint);
        }
        return new BootstrapInfo(devices.findBootstrapCredentials(endpoint).map(PskCredentials::identity).orElse(null),
                devices.findPendingCredentials(endpoint).map(PskCredentials::identity).orElse(null),
                store.findState(endpoint).orElseGet(() -> BootstrapState.empty(endpoint)));
    }

    @Override
    public BootstrapProfile profileOf(String endpoint) {
        return profile(devices.find(endpoint).map(Device::type).orElse(null));
    }

    @Override
    public BootstrapProfile profile(String type) {
        Optional<BootstrapProfile> own = type == null ? Optional.empty() : store.findProfile(type);
        return own.or(() -> store.findProfile(BootstrapProfile.DEFAULT_TYPE))
                .orElseGet(BootstrapProfile::builtInDefault);
    }

    @Override
    public List<BootstrapProfile> profiles() {
        List<BootstrapProfile> all = new ArrayList<>(store.listProfiles());
        if (all.stream().noneMatch(p -> p.type().equals(BootstrapProfile.DEFAULT_TYPE))) {
            all.add(BootstrapProfile.builtInDefault());
        }
        all.sort((a, b) -> a.type().compareTo(b.type()));
        return all;
    }

    @Override
    public BootstrapProfile putProfile(BootstrapProfile profile) {
        store.putProfile(profile.validated());
        LOG.info("Bootstrap profile [{}] set: short server id {}, lifetime {} s, binding {}", profile.type(),
                profile.shortServerId(), profile.lifetimeSeconds(), profile.binding());
        return profile;
    }
}
