// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Objects;
import java.util.Optional;

import org.motehub.model.profile.DeviceTelemetryStatus;
import org.motehub.model.profile.TelemetryStatusStore;

/** {@link TelemetryStatusStore} on RocksDB: one JSON record per device, keyed by its endpoint. */
public class RocksDbTelemetryStatusStore implements TelemetryStatusStore {

    private final MotehubDb db;

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbTelemetryStatusStore(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Optional<DeviceTelemetryStatus> find(String endpoint) {
        return Optional.ofNullable(db.get(ColumnFamily.TELEMETRY_STATUS, endpoint.getBytes(UTF_8)))
                .map(b -> StoreJson.read(b, DeviceTelemetryStatus.class));
    }

    @Override
    public void put(DeviceTelemetryStatus status) {
        db.put(ColumnFamily.TELEMETRY_STATUS, status.endpoint().getBytes(UTF_8), StoreJson.write(status));
    }
}
