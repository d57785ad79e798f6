// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.bootstrap;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.link.lwm2m.LwM2mLink;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.BootstrapDeleteRequest;
import org.eclipse.leshan.core.request.BootstrapDiscoverRequest;
import org.eclipse.leshan.core.request.BootstrapDownlinkRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.BootstrapDiscoverResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig.ServerConfig;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig.ServerSecurity;
import org.eclipse.leshan.server.bootstrap.BootstrapSession;
import org.eclipse.leshan.server.bootstrap.BootstrapTaskProvider;
import org.eclipse.leshan.server.bootstrap.BootstrapUtil;
import org.motehub.model.bootstrap.BootstrapProfile;
import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.credentials.PskCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * What the bootstrap server does with a device, in two rounds. First a Bootstrap-Discover of the Security object,
 * to learn which instance holds the device's bootstrap account (it must survive). Then: delete the old Security
 * (except that account) and Server instances, write a Security instance for the DM server with fresh DM credentials
 * issued for this session (stored at the same moment, pending until the device registers with them), and a Server
 * instance from the device type's profile; Leshan then sends Bootstrap-Finish. A device that cannot Discover (LwM2M
 * 1.0) is assumed to keep its bootstrap account at instance 0.
 */
public class DmCredentialsTaskProvider implements BootstrapTaskProvider {

    private static final Logger LOG = LoggerFactory.getLogger(DmCredentialsTaskProvider.class);

    private final BootstrapService bootstrap;
    private final Supplier<URI> dmServerUri;

    /**
     * @param dmServerUri the CoAPS URI of the DM server as devices reach it, read at each bootstrap
     * @throws NullPointerException if an argument is null
     */
    public DmCredentialsTaskProvider(BootstrapService bootstrap, Supplier<URI> dmServerUri) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.dmServerUri = Objects.requireNonNull(dmServerUri, "dmServerUri");
    }

    @Override
    public Tasks getTasks(BootstrapSession session, List<LwM2mResponse> previousResponses) {
        if (previousResponses == null) {
            Tasks discover = new Tasks();
            discover.requestsToSend = new ArrayList<>(List.of(new BootstrapDiscoverRequest(LwM2mId.SECURITY)));
            discover.last = false;
            return discover;
        }
        String endpoint = session.getEndpoint();
        int bootstrapInstance = bootstrapInstanceOf(previousResponses, endpoint);
        int dmInstance = bootstrapInstance == 0 ? 1 : 0;
        BootstrapProfile profile = bootstrap.profileOf(endpoint);
        PskCredentials credentials = bootstrap.issueCredentials(endpoint);
        ContentFormat format = session.getContentFormat();

        ServerSecurity security = new ServerSecurity();
        security.uri = dmServerUri.get().toString();
        security.bootstrapServer = false;
        security.securityMode = SecurityMode.PSK;
        security.publicKeyOrId = credentials.identity().getBytes(UTF_8);
        security.secretKey = credentials.key();
        security.serverId = profile.shortServerId();
        ServerConfig server = new ServerConfig();
        server.shortId = profile.shortServerId();
        server.lifetime = (int) profile.lifetimeSeconds();
        server.binding = profile.queueMode() ? EnumSet.of(BindingMode.U, BindingMode.Q) : EnumSet.of(BindingMode.U);

        Tasks writes = new Tasks();
        writes.requestsToSend = new ArrayList<>(List.of(new BootstrapDeleteRequest("/0"),
                new BootstrapDeleteRequest("/1"), BootstrapUtil.toWriteRequest(dmInstance, security, format),
                BootstrapUtil.toWriteRequest(0, server, format)));
        writes.supportedObjects = Map.of(LwM2mId.SECURITY, "1.1", LwM2mId.SERVER, "1.1");
        writes.last = true;
        LOG.info("Device [{}] bootstrapping: DM server [{}], Security /0/{} with identity [{}], Server /1/0 "
                + "(short server id {}, lifetime {} s, binding {}), bootstrap account at /0/{}", endpoint,
                security.uri, dmInstance, credentials.identity(), profile.shortServerId(),
                profile.lifetimeSeconds(), profile.binding(), bootstrapInstance);
        return writes;
    }

    /** @return the Security instance without a short server id (the bootstrap account), 0 when unknown. */
    private static int bootstrapInstanceOf(List<LwM2mResponse> responses, String endpoint) {
        if (!responses.isEmpty() && responses.get(0) instanceof BootstrapDiscoverResponse discover
                && discover.isSuccess()) {
            for (LwM2mLink link : discover.getObjectLinks()) {
                if (link.getPath().isObjectInstance() && link.getPath().getObjectId() == LwM2mId.SECURITY
                        && !link.getAttributes().contains(LwM2mAttributes.SHORT_SERVER_ID)) {
                    return link.getPath().getObjectInstanceId();
                }
            }
        }
        LOG.debug("Device [{}] did not tell its bootstrap account (no Bootstrap-Discover); assuming /0/0", endpoint);
        return 0;
    }
}
