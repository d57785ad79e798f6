// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Objects;
import java.util.Optional;

import org.motehub.model.firmware.DeviceFirmwareVersionStore;

/** {@link DeviceFirmwareVersionStore} on RocksDB: endpoint -> UTF-8 version in {@code device_firmware}. */
public class RocksDbDeviceFirmwareVersions implements DeviceFirmwareVersionStore {

    private final MotehubDb db;

    /**
     * @throws NullPointerException if {@code db} is null
     */
    public RocksDbDeviceFirmwareVersions(MotehubDb db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Optional<String> versionOf(String endpoint) {
        return Optional.ofNullable(db.get(ColumnFamily.DEVICE_FIRMWARE, endpoint.getBytes(UTF_8)))
                .map(b -> new String(b, UTF_8));
    }

    @Override
    public void record(String endpoint, String version) {
        Objects.requireNonNull(version, "version");
        db.put(ColumnFamily.DEVICE_FIRMWARE, endpoint.getBytes(UTF_8), version.getBytes(UTF_8));
    }
}
