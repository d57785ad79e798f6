// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.credentials.ActiveCredentialsLookup;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.device.NewDevice.CredentialsInput;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.testing.MutableClock;

class DefaultDeviceServiceTest {

    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    /** One state change as a listener heard it. */
    record Event(String endpoint, DeviceState previous, DeviceState now) {
    }

    @TempDir
    Path dir;

    private MotehubDb db;
    private DeviceStore store;
    private MutableClock clock;
    private DefaultDeviceService service;
    private ActiveCredentialsLookup lookup;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        db = MotehubDb.open(dir);
        store = new RocksDbDeviceStore(db);
        clock = MutableClock.at(T0);
        service = new DefaultDeviceService(store, clock);
        service.addListener((device, previous) -> events.add(new Event(device.endpoint(), previous, device.state())));
        lookup = new ActiveCredentialsLookup(store);
    }

    @AfterEach
    void stop() {
        db.close();
    }

    private static NewDevice newDevice(String endpoint) {
        return new NewDevice(endpoint, null, new CredentialsInput("PSK", "id-" + endpoint, KEY_HEX));
    }

    private static NewDevice withCredentials(String type, String identity, String key) {
        return new NewDevice("dev-1", null, new CredentialsInput(type, identity, key));
    }

    /** Creates a device and walks it through allowed transitions to {@code state}; clears the recorded events. */
    private Device deviceIn(String endpoint, DeviceState state) {
        service.create(newDevice(endpoint));
        switch (state) {
        case PROVISIONING:
            break;
        case ACTIVE:
            service.patch(endpoint, null, DeviceState.ACTIVE);
            break;
        case SUSPENDED:
            service.patch(endpoint, null, DeviceState.ACTIVE);
            service.patch(endpoint, null, DeviceState.SUSPENDED);
            break;
        case DECOMMISSIONED:
            service.patch(endpoint, null, DeviceState.DECOMMISSIONED);
            break;
        default:
            throw new IllegalArgumentException("unknown state " + state);
        }
        events.clear();
        Device device = service.get(endpoint);
        assertThat(device.state()).isEqualTo(state);
        return device;
    }

    private static void assertInvalid(Runnable call, String... fields) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(fields));
    }

    // ---- create and validation ----

    @Test
    void created_device_is_provisioning_offline_never_seen_and_named_after_its_endpoint() {
        Device device = service.create(newDevice("dev-1"));

        assertThat(device).isEqualTo(new Device("dev-1", "dev-1", DeviceState.PROVISIONING, false, null, T0, T0));
        assertThat(service.get("dev-1")).isEqualTo(device);
        assertThat(store.findCredentials("dev-1")).map(PskCredentials::keyHex).contains(KEY_HEX);
        assertThat(store.findCredentialsByIdentity("id-dev-1")).map(PskCredentials::endpoint).contains("dev-1");
        assertThat(events).isEmpty();
    }

    @Test
    void a_given_name_is_kept() {
        Device device = service.create(new NewDevice("dev-1", "Boiler room", newDevice("dev-1").credentials()));

        assertThat(device.name()).isEqualTo("Boiler room");
        assertThat(service.get("dev-1").name()).isEqualTo("Boiler room");
    }

    @Test
    void values_at_the_limits_are_accepted() {
        String endpoint = "e".repeat(128);
        String identity = "é".repeat(64);
        service.create(new NewDevice(endpoint, "n".repeat(128),
                new CredentialsInput("PSK", identity, "AB".repeat(64))));
        service.create(new NewDevice("urn:imei:123456789012345", null,
                new CredentialsInput("PSK", "id-imei", "0f".repeat(16))));
        service.create(new NewDevice("a.b_c:d@e+f=g~h-i", null, new CredentialsInput("PSK", "x", KEY_HEX)));

        assertThat(store.findCredentialsByIdentity(identity).orElseThrow().key()).hasSize(64);
        assertThat(service.find("urn:imei:123456789012345")).isPresent();
        assertThat(service.find("a.b_c:d@e+f=g~h-i")).isPresent();
    }

    static Stream<Arguments> invalidDevices() {
        CredentialsInput good = new CredentialsInput("PSK", "identity", KEY_HEX);
        return Stream.of(
                arguments(named("empty endpoint", new NewDevice("", null, good)), "endpoint"),
                arguments(named("no endpoint", new NewDevice(null, null, good)), "endpoint"),
                arguments(named("129-character endpoint", new NewDevice("e".repeat(129), null, good)), "endpoint"),
                arguments(named("endpoint with a slash", new NewDevice("a/b", null, good)), "endpoint"),
                arguments(named("endpoint with a space", new NewDevice("a b", null, good)), "endpoint"),
                arguments(named("endpoint with a question mark", new NewDevice("a?b", null, good)), "endpoint"),
                arguments(named("blank name", new NewDevice("dev-1", "  ", good)), "name"),
                arguments(named("129-character name", new NewDevice("dev-1", "n".repeat(129), good)), "name"),
                arguments(named("no credentials", new NewDevice("dev-1", null, null)), "credentials"),
                arguments(named("type RPK", withCredentials("RPK", "identity", KEY_HEX)), "credentials.type"),
                arguments(named("lower-case type", withCredentials("psk", "identity", KEY_HEX)), "credentials.type"),
                arguments(named("no type", withCredentials(null, "identity", KEY_HEX)), "credentials.type"),
                arguments(named("empty identity", withCredentials("PSK", "", KEY_HEX)), "credentials.identity"),
                arguments(named("no identity", withCredentials("PSK", null, KEY_HEX)), "credentials.identity"),
                arguments(named("129-byte identity", withCredentials("PSK", "i".repeat(129), KEY_HEX)),
                        "credentials.identity"),
                arguments(named("65 characters but 130 bytes of identity",
                        withCredentials("PSK", "é".repeat(65), KEY_HEX)), "credentials.identity"),
                arguments(named("no key", withCredentials("PSK", "identity", null)), "credentials.key"),
                arguments(named("empty key", withCredentials("PSK", "identity", "")), "credentials.key"),
                arguments(named("odd-length hex key", withCredentials("PSK", "identity", KEY_HEX + "0")),
                        "credentials.key"),
                arguments(named("non-hex key", withCredentials("PSK", "identity", "zz".repeat(16))),
                        "credentials.key"),
                arguments(named("15-byte key", withCredentials("PSK", "identity", "ab".repeat(15))),
                        "credentials.key"),
                arguments(named("65-byte key", withCredentials("PSK", "identity", "ab".repeat(65))),
                        "credentials.key"));
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @MethodSource("invalidDevices")
    void invalid_device_is_refused_naming_the_field_and_nothing_is_stored(NewDevice request, String field) {
        assertInvalid(() -> service.create(request), field);

        assertThat(store.list(null, 10)).isEmpty();
        assertThat(store.findCredentialsByIdentity("identity")).isEmpty();
    }

    @Test
    void every_broken_rule_is_reported_at_once() {
        NewDevice request = new NewDevice("a/b", " ", new CredentialsInput("RPK", "", "xyz"));

        assertInvalid(() -> service.create(request), "endpoint", "name", "credentials.type", "credentials.identity",
                "credentials.key");
    }

    @Test
    void duplicate_endpoint_is_refused_naming_endpoint() {
        service.create(newDevice("dev-1"));
        NewDevice again = new NewDevice("dev-1", null, new CredentialsInput("PSK", "other", KEY_HEX));

        assertThatThrownBy(() -> service.create(again)).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("endpoint"));
    }

    @Test
    void duplicate_identity_is_refused_naming_credentials_identity() {
        service.create(newDevice("dev-1"));
        NewDevice sameIdentity = new NewDevice("dev-2", null, new CredentialsInput("PSK", "id-dev-1", KEY_HEX));

        assertThatThrownBy(() -> service.create(sameIdentity)).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("credentials.identity"));
        assertThat(service.find("dev-2")).isEmpty();
    }

    @Test
    void get_of_an_unknown_device_is_not_found() {
        assertThat(service.find("ghost")).isEmpty();
        assertThatThrownBy(() -> service.get("ghost")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("ghost");
    }

    // ---- presence ----

    @Test
    void first_registration_activates_the_device_marks_it_online_and_notifies_once() {
        service.create(newDevice("dev-1"));
        Instant at = clock.advance(Duration.ofSeconds(10));

        service.registered("dev-1", at);
        service.registered("dev-1", at.plusSeconds(1));

        Device device = service.get("dev-1");
        assertThat(device.state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(device.online()).isTrue();
        assertThat(device.lastSeen()).isEqualTo(at.plusSeconds(1));
        assertThat(events).containsExactly(new Event("dev-1", DeviceState.PROVISIONING, DeviceState.ACTIVE));
    }

    @Test
    void registration_update_refreshes_last_seen_without_a_state_change() {
        service.create(newDevice("dev-1"));
        service.registered("dev-1", T0.plusSeconds(1));
        events.clear();

        service.updated("dev-1", T0.plusSeconds(60));

        Device device = service.get("dev-1");
        assertThat(device.lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(device.online()).isTrue();
        assertThat(device.state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(events).isEmpty();
    }

    @Test
    void deregistration_marks_the_device_offline_and_keeps_its_state() {
        service.create(newDevice("dev-1"));
        service.registered("dev-1", T0.plusSeconds(1));
        events.clear();

        service.unregistered("dev-1", T0.plusSeconds(5));

        Device device = service.get("dev-1");
        assertThat(device.online()).isFalse();
        assertThat(device.lastSeen()).isEqualTo(T0.plusSeconds(5));
        assertThat(device.state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(events).isEmpty();
    }

    @Test
    void registration_of_a_suspended_device_does_not_reactivate_it() {
        deviceIn("dev-1", DeviceState.SUSPENDED);

        service.registered("dev-1", T0.plusSeconds(1));

        assertThat(service.get("dev-1").state()).isEqualTo(DeviceState.SUSPENDED);
        assertThat(events).isEmpty();
    }

    @Test
    void expiry_marks_the_device_offline_like_a_deregistration() {
        service.create(newDevice("dev-1"));
        service.registered("dev-1", T0.plusSeconds(1));
        events.clear();

        service.expired("dev-1", T0.plusSeconds(300));

        Device device = service.get("dev-1");
        assertThat(device.online()).isFalse();
        assertThat(device.lastSeen()).isEqualTo(T0.plusSeconds(300));
        assertThat(device.state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(events).isEmpty();
    }

    @Test
    void listeners_hear_each_presence_change_with_the_device_as_the_registry_holds_it() {
        List<String> heard = new CopyOnWriteArrayList<>();
        service.addListener(new DeviceListener() {
            @Override
            public void stateChanged(Device device, DeviceState previous) {
                heard.add("state " + previous + ">" + device.state());
            }

            @Override
            public void presenceChanged(Device device, PresenceChange change) {
                assertThat(service.get(device.endpoint())).isEqualTo(device);
                heard.add(change + " " + device.online() + " " + device.lastSeen().getEpochSecond());
            }
        });
        service.create(newDevice("dev-1"));

        service.registered("dev-1", T0.plusSeconds(1));
        service.updated("dev-1", T0.plusSeconds(2));
        service.expired("dev-1", T0.plusSeconds(3));
        service.registered("dev-1", T0.plusSeconds(4));
        service.unregistered("dev-1", T0.plusSeconds(5));
        service.updated("ghost", T0.plusSeconds(6));

        long t0 = T0.getEpochSecond();
        assertThat(heard).containsExactly("state PROVISIONING>ACTIVE", "REGISTERED true " + (t0 + 1),
                "UPDATED true " + (t0 + 2), "EXPIRED false " + (t0 + 3), "REGISTERED true " + (t0 + 4),
                "DEREGISTERED false " + (t0 + 5));
    }

    @Test
    void a_failing_presence_listener_does_not_stop_the_others_or_the_change() {
        List<PresenceChange> heard = new CopyOnWriteArrayList<>();
        service.addListener(new DeviceListener() {
            @Override
            public void stateChanged(Device device, DeviceState previous) {
            }

            @Override
            public void presenceChanged(Device device, PresenceChange change) {
                throw new IllegalStateException("listener bug");
            }
        });
        service.addListener(new DeviceListener() {
            @Override
            public void stateChanged(Device device, DeviceState previous) {
            }

            @Override
            public void presenceChanged(Device device, PresenceChange change) {
                heard.add(change);
            }
        });
        service.create(newDevice("dev-1"));

        service.registered("dev-1", T0.plusSeconds(1));

        assertThat(heard).containsExactly(PresenceChange.REGISTERED);
        assertThat(service.get("dev-1").online()).isTrue();
    }

    @Test
    void presence_of_an_unknown_device_is_ignored() {
        service.registered("ghost", T0);
        service.updated("ghost", T0);
        service.unregistered("ghost", T0);
        service.expired("ghost", T0);

        assertThat(service.find("ghost")).isEmpty();
        assertThat(events).isEmpty();
    }

    // ---- lifecycle ----

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("org.motehub.model.device.DeviceStateTest#allPairs")
    void patch_applies_allowed_transitions_refuses_the_others_and_ignores_the_same_state(DeviceState from,
            DeviceState to) {
        Device before = deviceIn("dev-1", from);
        Instant later = clock.advance(Duration.ofSeconds(1));

        if (from == to) {
            assertThat(service.patch("dev-1", null, to)).isEqualTo(before);
            assertThat(service.get("dev-1")).isEqualTo(before);
            assertThat(events).isEmpty();
        } else if (DeviceStateTest.allowed(from, to)) {
            Device after = service.patch("dev-1", null, to);
            assertThat(after).isEqualTo(before.withState(to, later));
            assertThat(service.get("dev-1")).isEqualTo(after);
            assertThat(events).containsExactly(new Event("dev-1", from, to));
        } else {
            assertThatThrownBy(() -> service.patch("dev-1", null, to)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(from.name()).hasMessageContaining(to.name());
            assertThat(service.get("dev-1")).isEqualTo(before);
            assertThat(events).isEmpty();
        }
        boolean decommissioned = service.get("dev-1").state() == DeviceState.DECOMMISSIONED;
        assertThat(store.findCredentials("dev-1").isPresent()).isEqualTo(!decommissioned);
    }

    @Test
    void patch_renames_without_changing_the_state() {
        service.create(newDevice("dev-1"));
        Instant later = clock.advance(Duration.ofSeconds(1));

        Device renamed = service.patch("dev-1", "Boiler", null);

        assertThat(renamed.name()).isEqualTo("Boiler");
        assertThat(renamed.state()).isEqualTo(DeviceState.PROVISIONING);
        assertThat(renamed.updatedAt()).isEqualTo(later);
        assertThat(service.get("dev-1")).isEqualTo(renamed);
        assertThat(events).isEmpty();
    }

    @Test
    void patch_with_a_blank_name_is_refused_naming_name() {
        service.create(newDevice("dev-1"));

        assertInvalid(() -> service.patch("dev-1", " ", DeviceState.ACTIVE), "name");
        assertThat(service.get("dev-1").state()).isEqualTo(DeviceState.PROVISIONING);
    }

    @Test
    void patch_of_an_unknown_device_is_not_found() {
        assertThatThrownBy(() -> service.patch("ghost", "x", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.decommission("ghost")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void decommissioning_erases_the_credentials_and_the_identity_index() {
        service.create(newDevice("dev-1"));
        service.registered("dev-1", T0);
        assertThat(lookup.findByIdentity("id-dev-1")).isPresent();

        Device device = service.decommission("dev-1");

        assertThat(device.state()).isEqualTo(DeviceState.DECOMMISSIONED);
        assertThat(store.findCredentials("dev-1")).isEmpty();
        assertThat(store.findCredentialsByIdentity("id-dev-1")).isEmpty();
        assertThat(lookup.findByIdentity("id-dev-1")).isEmpty();
        assertThat(lookup.findByEndpoint("dev-1")).isEmpty();
        assertThat(service.get("dev-1")).isEqualTo(device);
    }

    @Test
    void decommission_is_idempotent() {
        service.create(newDevice("dev-1"));
        Device first = service.decommission("dev-1");
        clock.advance(Duration.ofSeconds(1));

        Device second = service.decommission("dev-1");

        assertThat(second).isEqualTo(first);
        assertThat(service.get("dev-1")).isEqualTo(first);
        assertThat(events).containsExactly(new Event("dev-1", DeviceState.PROVISIONING, DeviceState.DECOMMISSIONED));
    }

    @Test
    void the_identity_of_a_decommissioned_device_can_be_given_to_a_new_device() {
        service.create(newDevice("dev-1"));
        service.decommission("dev-1");

        service.create(new NewDevice("dev-2", null, new CredentialsInput("PSK", "id-dev-1", KEY_HEX)));

        assertThat(lookup.findByIdentity("id-dev-1")).map(PskCredentials::endpoint).contains("dev-2");
    }

    @ParameterizedTest
    @EnumSource(DeviceState.class)
    void credentials_lookup_hands_out_keys_only_to_provisioning_and_active_devices(DeviceState state) {
        deviceIn("dev-1", state);
        boolean mayConnect = EnumSet.of(DeviceState.PROVISIONING, DeviceState.ACTIVE).contains(state);

        assertThat(lookup.findByIdentity("id-dev-1").isPresent()).isEqualTo(mayConnect);
        assertThat(lookup.findByEndpoint("dev-1").isPresent()).isEqualTo(mayConnect);
        if (mayConnect) {
            assertThat(lookup.findByIdentity("id-dev-1").orElseThrow().keyHex()).isEqualTo(KEY_HEX);
        }
        if (state == DeviceState.SUSPENDED) {
            assertThat(store.findCredentials("dev-1")).as("a suspended device keeps its key").isPresent();
        }
    }

    @Test
    void credentials_lookup_finds_nothing_for_unknown_identities_and_endpoints() {
        service.create(newDevice("dev-1"));

        assertThat(lookup.findByIdentity("nobody")).isEmpty();
        assertThat(lookup.findByEndpoint("ghost")).isEmpty();
    }

    // ---- listing ----

    /**
     * 25 devices {@code dev-00..dev-24}: every third (i % 3 == 0) is ACTIVE and online, the next one ACTIVE and
     * offline, the rest PROVISIONING and offline.
     */
    private void createTwentyFiveDevices() {
        for (int i = 0; i < 25; i++) {
            String endpoint = String.format("dev-%02d", i);
            service.create(newDevice(endpoint));
            if (i % 3 != 2) {
                service.registered(endpoint, T0);
            }
            if (i % 3 == 1) {
                service.unregistered(endpoint, T0);
            }
        }
    }

    private List<String> walk(DeviceState state, Boolean online, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            Page<Device> page = service.list(new DeviceQuery(state, online, PageRequest.of(limit, cursor)));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit)
                    .allSatisfy(d -> assertThat(new DeviceQuery(state, online, null).matches(d)).isTrue());
            if (pages == 0 && page.next().isPresent()) {
                assertThat(page.items()).hasSize(limit);
            }
            page.items().forEach(d -> seen.add(d.endpoint()));
            if (page.next().isEmpty()) {
                return seen;
            }
            cursor = page.next().get();
        }
        throw new AssertionError("listing did not end after 100 pages: " + seen);
    }

    private static List<String> endpointsWhere(IntPredicate which) {
        return IntStream.range(0, 25).filter(which).mapToObj(i -> String.format("dev-%02d", i)).toList();
    }

    @Test
    void filtered_listing_walks_every_matching_device_once_in_endpoint_order() {
        createTwentyFiveDevices();

        assertThat(walk(DeviceState.ACTIVE, true, 4)).containsExactlyElementsOf(endpointsWhere(i -> i % 3 == 0));
        assertThat(walk(DeviceState.ACTIVE, false, 4)).containsExactlyElementsOf(endpointsWhere(i -> i % 3 == 1));
        assertThat(walk(DeviceState.ACTIVE, null, 4)).containsExactlyElementsOf(endpointsWhere(i -> i % 3 != 2));
        assertThat(walk(null, false, 4)).containsExactlyElementsOf(endpointsWhere(i -> i % 3 != 0));
        assertThat(walk(DeviceState.PROVISIONING, true, 4)).isEmpty();
    }

    @Test
    void unfiltered_listing_walks_every_device_once_in_endpoint_order() {
        createTwentyFiveDevices();

        assertThat(walk(null, null, 4)).containsExactlyElementsOf(endpointsWhere(i -> true));
        assertThat(walk(null, null, 25)).containsExactlyElementsOf(endpointsWhere(i -> true));
        assertThat(walk(null, null, 1000)).containsExactlyElementsOf(endpointsWhere(i -> true));
    }

    @Test
    void the_last_full_page_has_no_cursor_when_nothing_follows() {
        createTwentyFiveDevices();

        Page<Device> page = service.list(DeviceQuery.all(PageRequest.of(25, null)));

        assertThat(page.items()).hasSize(25);
        assertThat(page.next()).isEmpty();
    }

    // ---- concurrency ----

    @Test
    void concurrent_presence_and_operator_changes_to_one_device_lose_no_update() throws Exception {
        int devices = 100;
        for (int i = 0; i < devices; i++) {
            service.create(newDevice("dev-" + i));
            service.patch("dev-" + i, null, DeviceState.ACTIVE);
        }
        events.clear();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                String endpoint = "dev-" + i;
                List<Runnable> changes = List.of(() -> service.registered(endpoint, T0.plusSeconds(1)),
                        () -> service.patch(endpoint, null, DeviceState.SUSPENDED),
                        () -> service.patch(endpoint, "renamed " + endpoint, null),
                        () -> service.updated(endpoint, T0.plusSeconds(1)));
                for (Runnable change : changes) {
                    tasks.add(pool.submit(() -> {
                        start.await();
                        change.run();
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        for (int i = 0; i < devices; i++) {
            Device device = service.get("dev-" + i);
            assertThat(device.state()).as("state of %s", device.endpoint()).isEqualTo(DeviceState.SUSPENDED);
            assertThat(device.online()).as("online flag of %s", device.endpoint()).isTrue();
            assertThat(device.name()).isEqualTo("renamed " + device.endpoint());
        }
        assertThat(events).hasSize(devices)
                .allMatch(e -> e.previous() == DeviceState.ACTIVE && e.now() == DeviceState.SUSPENDED);
        assertThat(Set.copyOf(events)).hasSize(devices);
    }
}
