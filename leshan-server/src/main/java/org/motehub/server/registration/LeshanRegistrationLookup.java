// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.leshan.core.link.DefaultLinkSerializer;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.motehub.model.registration.RegistrationInfo;
import org.motehub.model.registration.RegistrationLookup;

/** {@link RegistrationLookup} over Leshan's registration store, for the REST API. */
public class LeshanRegistrationLookup implements RegistrationLookup {

    private final RegistrationStore store;
    private final DefaultLinkSerializer links = new DefaultLinkSerializer();

    /**
     * @throws NullPointerException if {@code store} is null
     */
    public LeshanRegistrationLookup(RegistrationStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Optional<RegistrationInfo> find(String endpoint) {
        return Optional.ofNullable(store.getRegistrationByEndpoint(endpoint)).map(this::toInfo);
    }

    private RegistrationInfo toInfo(Registration r) {
        String binding = r.getBindingMode().stream().map(BindingMode::name).collect(Collectors.joining());
        return new RegistrationInfo(r.getId(),
                r.getSocketAddress().getAddress().getHostAddress() + ":" + r.getSocketAddress().getPort(),
                r.getLwM2mVersion().toString(), binding, r.usesQueueMode(), r.getLifeTimeInSec(),
                links.serializeCoreLinkFormat(r.getObjectLinks()), r.getRegistrationDate().toInstant(),
                r.getLastUpdate().toInstant());
    }
}
