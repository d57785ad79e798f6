// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.bootstrap;

import java.security.Principal;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;

import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.device.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a wrong bootstrap key from other failures: with PSK, a device that holds the wrong key encrypts its Finished
 * message with it, so the bootstrap server's first record of the new epoch fails its MAC check while the handshake is
 * under way. Such a handshake is logged with the endpoint that owns the identity and recorded once in its bootstrap
 * history. DTLS drops the record silently (RFC 6347), so the device only sees a timeout.
 */
public class WrongKeyDetector implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(WrongKeyDetector.class);

    private final DeviceStore devices;
    private final BootstrapService bootstrap;
    /** Handshakes already reported, so retransmissions count once; weak, so finished ones are forgotten. */
    private final Set<Handshaker> reported = Collections.synchronizedSet(Collections.newSetFromMap(
            new WeakHashMap<>()));

    /**
     * @throws NullPointerException if an argument is null
     */
    public WrongKeyDetector(DeviceStore devices, BootstrapService bootstrap) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    }

    @Override
    public boolean onConnectionMacError(Connection connection) {
        Handshaker handshake = connection.getOngoingHandshake();
        if (handshake == null || !reported.add(handshake)) {
            return false;
        }
        Principal peer = handshake.getSession().getPeerIdentity();
        if (peer instanceof PreSharedKeyIdentity psk) {
            devices.findBootstrapCredentialsByIdentity(psk.getIdentity()).ifPresent(c -> {
                LOG.info("Device [{}] bootstrap refused at the handshake: wrong key for identity [{}] (from [{}])",
                        c.endpoint(), psk.getIdentity(), connection.getPeerAddress());
                bootstrap.refused(c.endpoint(), "wrong bootstrap key (DTLS handshake failed)");
            });
        }
        return false;
    }

    @Override
    public void onConnectionEstablished(Connection connection) {
        // nothing to record
    }

    @Override
    public void onConnectionRemoved(Connection connection) {
        // nothing to record
    }

    @Override
    public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
        return false;
    }

    @Override
    public void beforeExecution(Connection connection) {
        // nothing to prepare
    }

    @Override
    public void updateExecution(Connection connection) {
        // nothing to update
    }

    @Override
    public void afterExecution(Connection connection) {
        // nothing to clean up
    }
}
