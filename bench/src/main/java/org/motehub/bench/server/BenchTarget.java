// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.util.Map;

import org.eclipse.leshan.server.LeshanServer;

/** A server under test, running inside the server process ({@link ServerHost}). */
interface BenchTarget extends AutoCloseable {

    /** @return facts to announce when ready: at least {@code coaps}, the CoAPS URI; {@code http} when it has one. */
    Map<String, String> facts();

    /** @return the Leshan server inside, for the work done through Leshan's Java API and for counts. */
    LeshanServer lwm2m();

    /** Stops the server cleanly (Motehub saves its DTLS connections and closes RocksDB). */
    @Override
    void close();
}
