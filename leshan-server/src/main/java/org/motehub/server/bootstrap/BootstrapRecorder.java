// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.bootstrap;

import java.util.Objects;

import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.BootstrapDownlinkRequest;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.bootstrap.BootstrapFailureCause;
import org.eclipse.leshan.server.bootstrap.BootstrapSession;
import org.eclipse.leshan.server.bootstrap.BootstrapSessionListener;
import org.motehub.model.bootstrap.BootstrapService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each bootstrap session in the device's bootstrap history (start, success, failure with its reason) and
 * logs it with the endpoint. Leshan calls it on its protocol threads; each call is one small RocksDB write.
 */
public class BootstrapRecorder implements BootstrapSessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapRecorder.class);

    private final BootstrapService bootstrap;

    /**
     * @throws NullPointerException if {@code bootstrap} is null
     */
    public BootstrapRecorder(BootstrapService bootstrap) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public void sessionInitiated(BootstrapRequest request, LwM2mPeer client) {
        LOG.debug("Device [{}] sent a Bootstrap-Request from [{}]", request.getEndpointName(), client);
    }

    @Override
    public void unAuthorized(BootstrapRequest request, LwM2mPeer client) {
        // the authorizer has logged and recorded why
    }

    @Override
    public void authorized(BootstrapSession session) {
        LOG.info("Device [{}] bootstrap session started from [{}]", session.getEndpoint(),
                session.getClientTransportData());
        bootstrap.started(session.getEndpoint());
    }

    @Override
    public void noConfig(BootstrapSession session) {
        // reported as failed(NO_BOOTSTRAP_CONFIG) next
    }

    @Override
    public void sendRequest(BootstrapSession session, BootstrapDownlinkRequest<? extends LwM2mResponse> request) {
        LOG.trace("Device [{}] bootstrap: sending {}", session.getEndpoint(), request);
    }

    @Override
    public void onResponseSuccess(BootstrapSession session, BootstrapDownlinkRequest<? extends LwM2mResponse> request,
            LwM2mResponse response) {
        LOG.trace("Device [{}] bootstrap: {} answered {}", session.getEndpoint(), request.getPath(), response);
    }

    @Override
    public void onResponseError(BootstrapSession session, BootstrapDownlinkRequest<? extends LwM2mResponse> request,
            LwM2mResponse response) {
        LOG.info("Device [{}] bootstrap: {} {} answered {} {}", session.getEndpoint(),
                request.getClass().getSimpleName(), request.getPath(), response.getCode(),
                response.getErrorMessage() == null ? "" : response.getErrorMessage());
    }

    @Override
    public void onRequestFailure(BootstrapSession session, BootstrapDownlinkRequest<? extends LwM2mResponse> request,
            Throwable cause) {
        LOG.info("Device [{}] bootstrap: {} {} failed: {}", session.getEndpoint(), request.getClass().getSimpleName(),
                request.getPath(), String.valueOf(cause));
    }

    @Override
    public void end(BootstrapSession session) {
        LOG.info("Device [{}] bootstrap finished: it has its DM credentials", session.getEndpoint());
        bootstrap.succeeded(session.getEndpoint());
    }

    @Override
    public void failed(BootstrapSession session, BootstrapFailureCause cause) {
        if (cause == BootstrapFailureCause.UNAUTHORIZED) {
            return; // recorded by the authorizer, with the reason
        }
        LOG.info("Device [{}] bootstrap failed: {}", session.getEndpoint(), cause);
        bootstrap.failed(session.getEndpoint(), cause.name());
    }
}
