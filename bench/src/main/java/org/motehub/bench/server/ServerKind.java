// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

/** The servers a benchmark compares. */
public enum ServerKind {
    /** Motehub as its application wires it: RocksDB stores, registry, command dispatcher, REST API. */
    MOTEHUB("Motehub", true),
    /** A vanilla Leshan server as {@code LeshanServerBuilder} makes it by default (in-memory stores). */
    LESHAN("Leshan", false);

    private final String label;
    private final boolean persistent;

    ServerKind(String label, boolean persistent) {
        this.label = label;
        this.persistent = persistent;
    }

    /** @return the name used in reports. */
    public String label() {
        return label;
    }

    /** @return whether registrations survive a restart (a store on disk). */
    public boolean persistent() {
        return persistent;
    }
}
