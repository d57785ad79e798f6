// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.rocksdb.RocksIterator;

/**
 * The persistent dictionary of the time series, in {@link ColumnFamily#TELEMETRY_IDS}: a compact number for each
 * device endpoint and each path (so that series keys are 8 bytes), and the registry of series (which paths each device
 * has, which devices each path has). Loaded into memory at start; a new entry is written through, durably, before it
 * is used in a key.
 *
 * <p>Keys: {@code 'E' endpoint -> deviceId}, {@code 'e' deviceId -> endpoint}, {@code 'P' path -> pathId},
 * {@code 'p' pathId -> path}, {@code 'S' deviceId pathId -> ''}, {@code 'Q' pathId deviceId -> ''}.
 */
final class TelemetryIdTable {

    private static final byte[] EMPTY = new byte[0];

    private final MotehubDb db;
    private final Map<String, Integer> deviceIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Integer> pathIds = new ConcurrentHashMap<>();
    private final Map<Integer, String> paths = new ConcurrentHashMap<>();
    private final Map<Integer, Set<Integer>> pathsOfDevice = new ConcurrentHashMap<>();
    private final Map<Integer, Set<Integer>> devicesOfPath = new ConcurrentHashMap<>();
    private int lastDeviceId;
    private int lastPathId;

    TelemetryIdTable(MotehubDb db) {
        this.db = db;
        load();
    }

    private void load() {
        try (RocksIterator it = db.iterator(ColumnFamily.TELEMETRY_IDS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                switch (key[0]) {
                case 'e' -> {
                    int id = ByteBuffer.wrap(key, 1, 4).getInt();
                    String endpoint = new String(it.value(), UTF_8);
                    endpoints.put(id, endpoint);
                    deviceIds.put(endpoint, id);
                    lastDeviceId = Math.max(lastDeviceId, id);
                }
                case 'p' -> {
                    int id = ByteBuffer.wrap(key, 1, 4).getInt();
                    String path = new String(it.value(), UTF_8);
                    paths.put(id, path);
                    pathIds.put(path, id);
                    lastPathId = Math.max(lastPathId, id);
                }
                case 'S' -> {
                    ByteBuffer b = ByteBuffer.wrap(key, 1, 8);
                    int device = b.getInt();
                    int path = b.getInt();
                    pathsOfDevice.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(path);
                    devicesOfPath.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(device);
                }
                default -> {
                    // 'E' and 'P' are the reverse of 'e' and 'p'
                }
                }
            }
        }
    }

    /** @return the id of {@code endpoint}, if it has telemetry. */
    OptionalInt deviceId(String endpoint) {
        Integer id = deviceIds.get(endpoint);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** @return the id of {@code path}, if any device has telemetry for it. */
    OptionalInt pathId(String path) {
        Integer id = pathIds.get(path);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    String endpoint(int deviceId) {
        return endpoints.get(deviceId);
    }

    String path(int pathId) {
        return paths.get(pathId);
    }

    /** @return the id of {@code endpoint}, allocated (and stored) if it is new. */
    int deviceIdFor(String endpoint) {
        Integer id = deviceIds.get(endpoint);
        return id != null ? id : allocateDevice(endpoint);
    }

    /** @return the id of {@code path}, allocated (and stored) if it is new. */
    int pathIdFor(String path) {
        Integer id = pathIds.get(path);
        return id != null ? id : allocatePath(path);
    }

    /** Registers the series {@code (deviceId, pathId)}, storing it if it is new. */
    void registerSeries(int deviceId, int pathId) {
        Set<Integer> known = pathsOfDevice.get(deviceId);
        if (known != null && known.contains(pathId)) {
            return;
        }
        synchronized (this) {
            db.write(new Batch().put(ColumnFamily.TELEMETRY_IDS, seriesKey('S', deviceId, pathId), EMPTY)
                    .put(ColumnFamily.TELEMETRY_IDS, seriesKey('Q', pathId, deviceId), EMPTY));
            pathsOfDevice.computeIfAbsent(deviceId, d -> ConcurrentHashMap.newKeySet()).add(pathId);
            devicesOfPath.computeIfAbsent(pathId, p -> ConcurrentHashMap.newKeySet()).add(deviceId);
        }
    }

    /** @return the path ids of the device's series. */
    Set<Integer> pathsOf(int deviceId) {
        return pathsOfDevice.getOrDefault(deviceId, Set.of());
    }

    /** @return the device ids of the path's series. */
    Set<Integer> devicesOf(int pathId) {
        return devicesOfPath.getOrDefault(pathId, Set.of());
    }

    /** @return every series as {@code {deviceId, pathId}}. */
    List<int[]> allSeries() {
        return pathsOfDevice.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(p -> new int[] { e.getKey(), p }))
                .sorted((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]))
                .toList();
    }

    private synchronized int allocateDevice(String endpoint) {
        Integer existing = deviceIds.get(endpoint);
        if (existing != null) {
            return existing;
        }
        int id = lastDeviceId + 1;
        db.write(new Batch().put(ColumnFamily.TELEMETRY_IDS, named('E', endpoint), intBytes(id))
                .put(ColumnFamily.TELEMETRY_IDS, numbered('e', id), endpoint.getBytes(UTF_8)));
        lastDeviceId = id;
        endpoints.put(id, endpoint);
        deviceIds.put(endpoint, id);
        return id;
    }

    private synchronized int allocatePath(String path) {
        Integer existing = pathIds.get(path);
        if (existing != null) {
            return existing;
        }
        int id = lastPathId + 1;
        db.write(new Batch().put(ColumnFamily.TELEMETRY_IDS, named('P', path), intBytes(id))
                .put(ColumnFamily.TELEMETRY_IDS, numbered('p', id), path.getBytes(UTF_8)));
        lastPathId = id;
        paths.put(id, path);
        pathIds.put(path, id);
        return id;
    }

    private static byte[] named(char kind, String name) {
        byte[] utf8 = name.getBytes(UTF_8);
        byte[] key = Arrays.copyOf(new byte[] { (byte) kind }, utf8.length + 1);
        System.arraycopy(utf8, 0, key, 1, utf8.length);
        return key;
    }

    private static byte[] numbered(char kind, int id) {
        return ByteBuffer.allocate(5).put((byte) kind).putInt(id).array();
    }

    private static byte[] seriesKey(char kind, int first, int second) {
        return ByteBuffer.allocate(9).put((byte) kind).putInt(first).putInt(second).array();
    }

    private static byte[] intBytes(int id) {
        return ByteBuffer.allocate(4).putInt(id).array();
    }
}
