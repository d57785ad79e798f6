// SPDX-License-Identifier: Apache-2.0
package org.motehub.gateway.dtls;

import java.util.List;

import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuiteParameters;
import org.eclipse.californium.scandium.dtls.cipher.DefaultCipherSuiteSelector;

/**
 * Picks the first cipher suite of Motehub's own preference order that the device offers, not the device's favourite.
 * A server that also initiates handshakes (a Leshan DM server does so for devices in UDP binding when it has no
 * session, e.g. after a crash) offers its list in that same order, and a Scandium device picks the first of it it
 * supports: so a session gets the same cipher suite whichever side starts it. This matters because Leshan matches
 * observe relations and their notifications by PSK identity and cipher suite (Californium's
 * {@code PrincipalEndpointContextMatcher}): a new session with another cipher suite silently ends every observation.
 */
public final class ServerPreferenceCipherSuiteSelector extends DefaultCipherSuiteSelector {

    private final List<CipherSuite> preference;

    /**
     * @param preference the cipher suites in the order Motehub prefers them (the order it offers them in)
     * @throws NullPointerException if {@code preference} is null
     */
    public ServerPreferenceCipherSuiteSelector(List<CipherSuite> preference) {
        this.preference = List.copyOf(preference);
    }

    @Override
    public boolean select(CipherSuiteParameters parameters) {
        // the common suites in the device's order, restricted to the session's suite on resumption
        List<CipherSuite> common = parameters.getCipherSuites();
        for (CipherSuite suite : preference) {
            if (common.contains(suite) && select(suite, parameters)) {
                return true;
            }
        }
        // a suite outside the preference list cannot be common; the default explains a mismatch the usual way
        return super.select(parameters);
    }
}
