// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.StaticModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.PreconditionFailedException;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.device.Device;
import org.motehub.model.device.NewDevice;
import org.motehub.model.device.NewDevice.CredentialsInput;
import org.motehub.model.rocksdb.ColumnFamily;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.rocksdb.RocksDbProfileStore;
import org.motehub.model.testing.MutableClock;

/** The profile life cycle and assignment, on real RocksDB stores and the real device registry. */
class DefaultProfileServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    /** One event as a listener heard it. */
    record Event(String kind, String subject, String profile) {
    }

    @TempDir
    Path dir;

    private MotehubDb db;
    private MutableClock clock;
    private DefaultDeviceService devices;
    private DefaultProfileService service;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        db = MotehubDb.open(dir);
        clock = MutableClock.at(T0);
        devices = new DefaultDeviceService(new RocksDbDeviceStore(db), clock);
        ProfileRules rules = new ProfileRules(new StaticModel(ObjectLoader.loadAllDefault()),
                EnumSet.allOf(ProfileContentFormat.class));
        service = new DefaultProfileService(new RocksDbProfileStore(db), devices, rules, clock);
        service.addListener(new ProfileListener() {
            @Override
            public void profileChanged(DeviceProfile profile) {
                events.add(new Event("changed", profile.name(), profile.name()));
            }

            @Override
            public void deviceProfileChanged(String endpoint, Optional<DeviceProfile> profile) {
                events.add(new Event("assigned", endpoint, profile.map(DeviceProfile::name).orElse(null)));
            }
        });
    }

    @AfterEach
    void stop() {
        db.close();
    }

    private static ProfileInput input(String name, String... paths) {
        return new ProfileInput(name, "thermo", List.of(paths).stream().map(ObservedPath::of).toList(), null, null,
                null, null);
    }

    private void device(String endpoint) {
        devices.create(new NewDevice(endpoint, null, new CredentialsInput("PSK", "id-" + endpoint,
                "00112233445566778899aabbccddeeff")));
    }

    @Test
    void created_profile_is_version_1_with_canonical_paths_and_reads_back() {
        DeviceProfile p = service.create(new ProfileInput("thermo", "thermo-v2", List.of(new ObservedPath(
                "/3/0/9", 5L, 60L, null, null, 1.0)), true, "SENML_CBOR", true, 600L));

        assertThat(p).isEqualTo(new DeviceProfile("thermo", "thermo-v2", List.of(new ObservedPath("/3/0/9", 5L, 60L,
                null, null, 1.0)), true, "SENML_CBOR", true, 600L, 1, T0, T0));
        assertThat(service.get("thermo")).isEqualTo(p);
        assertThat(service.find("other")).isEmpty();
    }

    @Test
    void invalid_profile_is_refused_and_not_stored() {
        assertThatThrownBy(() -> service.create(input("thermo", "/3")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("observe[0].path"));

        assertThat(service.find("thermo")).isEmpty();
    }

    @Test
    void duplicate_name_is_a_conflict() {
        service.create(input("thermo"));

        assertThatThrownBy(() -> service.create(input("thermo", "/3/0/9"))).isInstanceOf(ConflictException.class);
        assertThat(service.get("thermo").observe()).isEmpty();
    }

    @Test
    void unknown_profile_is_not_found() {
        assertThatThrownBy(() -> service.get("ghost")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.replace("ghost", input(null), null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete("ghost")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void list_pages_with_an_opaque_cursor() {
        for (String n : List.of("b", "d", "a", "c", "e")) {
            service.create(input(n));
        }

        Page<DeviceProfile> first = service.list(PageRequest.of(2, null));
        Page<DeviceProfile> second = service.list(PageRequest.of(2, first.nextCursor()));
        Page<DeviceProfile> last = service.list(PageRequest.of(2, second.nextCursor()));

        assertThat(first.items()).extracting(DeviceProfile::name).containsExactly("a", "b");
        assertThat(second.items()).extracting(DeviceProfile::name).containsExactly("c", "d");
        assertThat(last.items()).extracting(DeviceProfile::name).containsExactly("e");
        assertThat(last.nextCursor()).isNull();
        assertThat(service.list(PageRequest.of(5, null)).nextCursor()).isNull();
    }

    @Test
    void replace_increments_the_version_keeps_the_creation_time_and_tells_listeners() {
        service.create(input("thermo", "/3/0/9"));
        clock.advance(Duration.ofMinutes(1));

        DeviceProfile v2 = service.replace("thermo", input(null, "/3/0/10"), 1L);
        DeviceProfile v3 = service.replace("thermo", input("thermo", "/3/0/7"), null);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.createdAt()).isEqualTo(T0);
        assertThat(v2.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(v3.version()).isEqualTo(3);
        assertThat(service.get("thermo")).isEqualTo(v3);
        assertThat(events).containsExactly(new Event("changed", "thermo", "thermo"),
                new Event("changed", "thermo", "thermo"));
    }

    @Test
    void replace_against_an_old_version_fails_and_changes_nothing() {
        service.create(input("thermo", "/3/0/9"));
        service.replace("thermo", input(null, "/3/0/10"), 1L);
        events.clear();

        assertThatThrownBy(() -> service.replace("thermo", input(null, "/3/0/11"), 1L))
                .isInstanceOf(PreconditionFailedException.class);

        assertThat(service.get("thermo").paths()).containsExactly("/3/0/10");
        assertThat(events).isEmpty();
    }

    @Test
    void replace_cannot_rename() {
        service.create(input("thermo"));

        assertThatThrownBy(() -> service.replace("thermo", input("other"), null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("name"));
        assertThat(service.find("other")).isEmpty();
    }

    @Test
    void assign_records_the_profile_on_the_device_and_tells_listeners_once() {
        device("dev-1");
        service.create(input("thermo"));
        service.create(input("other"));
        clock.advance(Duration.ofSeconds(5));

        Device assigned = service.assign("dev-1", "thermo");
        service.assign("dev-1", "thermo");
        service.assign("dev-1", "other");
        Device cleared = service.assign("dev-1", null);

        assertThat(assigned.profile()).isEqualTo("thermo");
        assertThat(assigned.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(cleared.profile()).isNull();
        assertThat(devices.get("dev-1").profile()).isNull();
        assertThat(events).containsExactly(new Event("assigned", "dev-1", "thermo"),
                new Event("assigned", "dev-1", "other"), new Event("assigned", "dev-1", null));
    }

    @Test
    void assign_of_an_unknown_profile_names_the_field_and_an_unknown_device_is_not_found() {
        device("dev-1");
        service.create(input("thermo"));

        assertThatThrownBy(() -> service.assign("dev-1", "ghost"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("profile"));
        assertThatThrownBy(() -> service.assign("nobody", "thermo")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.assign("nobody", "ghost")).isInstanceOf(NotFoundException.class);
        assertThat(devices.get("dev-1").profile()).isNull();
    }

    @Test
    void the_profile_survives_presence_changes_and_lifecycle_moves() {
        device("dev-1");
        service.create(input("thermo"));
        service.assign("dev-1", "thermo");

        devices.registered("dev-1", T0.plusSeconds(1));
        devices.updated("dev-1", T0.plusSeconds(2));
        devices.patch("dev-1", "renamed", null);
        devices.unregistered("dev-1", T0.plusSeconds(3));

        assertThat(devices.get("dev-1").profile()).isEqualTo("thermo");
    }

    @Test
    void a_profile_in_use_cannot_be_deleted_until_no_device_uses_it() {
        device("dev-1");
        device("dev-2");
        service.create(input("thermo"));
        service.assign("dev-2", "thermo");

        assertThatThrownBy(() -> service.delete("thermo"))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.getMessage()).contains("dev-2"));
        assertThat(service.find("thermo")).isPresent();

        service.assign("dev-2", null);
        service.delete("thermo");

        assertThat(service.find("thermo")).isEmpty();
    }

    @Test
    void a_device_stored_before_profiles_existed_reads_back_without_a_profile() {
        String old = "{\"endpoint\":\"old-1\",\"name\":\"Old\",\"state\":\"ACTIVE\",\"online\":false,"
                + "\"lastSeen\":null,\"createdAt\":\"2025-01-01T00:00:00Z\",\"updatedAt\":\"2025-01-01T00:00:00Z\"}";
        db.put(ColumnFamily.DEVICES, "old-1".getBytes(UTF_8), old.getBytes(UTF_8));
        service.create(input("thermo"));

        assertThat(devices.get("old-1").profile()).isNull();
        assertThat(service.assign("old-1", "thermo").profile()).isEqualTo("thermo");
        assertThat(devices.get("old-1").name()).isEqualTo("Old");
    }
}
