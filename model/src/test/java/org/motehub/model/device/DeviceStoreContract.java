// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.NotFoundException;
import org.motehub.model.credentials.PskCredentials;

/**
 * The behaviour every {@link DeviceStore} must have. Each implementation's test extends this class and supplies the
 * store; never copy these cases. Published in the {@code motehub-model} test-jar.
 */
public abstract class DeviceStoreContract {

    /** A fixed instant with nanoseconds, so that a store that loses precision fails the equality checks. */
    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** The store under test, from {@link #newStore()}; replaced by {@link #reopenStore()}. */
    protected DeviceStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract DeviceStore newStore();

    /**
     * Closes the store last returned and opens a new one over the same data, as a server restart would. An
     * implementation that keeps nothing across a restart calls {@code Assumptions.abort(...)} instead.
     */
    protected abstract DeviceStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** @return a provisioning device created at {@link #T0}. */
    protected static Device device(String endpoint) {
        return Device.provisioning(endpoint, "name of " + endpoint, T0);
    }

    /** @return credentials with a 16-byte key derived from the identity, so each identity has its own key. */
    protected static PskCredentials credentials(String endpoint, String identity) {
        byte[] key = new byte[16];
        byte[] seed = identity.getBytes(UTF_8);
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed[i % seed.length] + i);
        }
        return new PskCredentials(endpoint, identity, key);
    }

    private void insert(String endpoint) {
        store.insert(device(endpoint), credentials(endpoint, "id-" + endpoint));
    }

    private List<String> endpoints(List<Device> devices) {
        return devices.stream().map(Device::endpoint).toList();
    }

    @Test
    public void inserted_device_and_its_credentials_are_found() {
        Device device = device("dev-1");
        PskCredentials credentials = credentials("dev-1", "identity-1");

        store.insert(device, credentials);

        assertThat(store.find("dev-1")).contains(device);
        assertThat(store.findCredentials("dev-1")).contains(credentials);
        assertThat(store.findCredentials("dev-1").orElseThrow().key()).isEqualTo(credentials.key());
    }

    @Test
    public void device_with_every_field_set_reads_back_equal() {
        Device device = new Device("dev-1", "Boiler", DeviceState.SUSPENDED, true, T0.plusSeconds(5), T0,
                T0.plusSeconds(6));

        store.insert(device, credentials("dev-1", "identity-1"));

        assertThat(store.find("dev-1")).contains(device);
    }

    @Test
    public void unknown_endpoint_and_identity_are_not_found() {
        insert("dev-1");

        assertThat(store.find("dev-2")).isEmpty();
        assertThat(store.findCredentials("dev-2")).isEmpty();
        assertThat(store.findCredentialsByIdentity("id-dev-2")).isEmpty();
    }

    @Test
    public void credentials_are_found_by_their_identity() {
        PskCredentials credentials = credentials("dev-1", "urn:psk:äöü 1");
        store.insert(device("dev-1"), credentials);
        insert("dev-2");

        assertThat(store.findCredentialsByIdentity("urn:psk:äöü 1")).contains(credentials);
        assertThat(store.findCredentialsByIdentity("id-dev-2")).map(PskCredentials::endpoint).contains("dev-2");
    }

    @Test
    public void insert_with_a_taken_endpoint_is_refused_naming_endpoint_and_writes_nothing() {
        PskCredentials original = credentials("dev-1", "identity-1");
        store.insert(device("dev-1"), original);
        Device intruder = Device.provisioning("dev-1", "other", T0.plusSeconds(1));

        assertThatThrownBy(() -> store.insert(intruder, credentials("dev-1", "identity-2")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("endpoint"));

        assertThat(store.find("dev-1")).contains(device("dev-1"));
        assertThat(store.findCredentials("dev-1")).contains(original);
        assertThat(store.findCredentialsByIdentity("identity-2")).isEmpty();
        assertThat(store.findCredentialsByIdentity("identity-1")).contains(original);
    }

    @Test
    public void insert_with_a_taken_identity_is_refused_naming_credentials_identity_and_writes_nothing() {
        PskCredentials original = credentials("dev-1", "shared");
        store.insert(device("dev-1"), original);

        assertThatThrownBy(() -> store.insert(device("dev-2"), credentials("dev-2", "shared")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("credentials.identity"));

        assertThat(store.find("dev-2")).isEmpty();
        assertThat(store.findCredentials("dev-2")).isEmpty();
        assertThat(store.findCredentialsByIdentity("shared")).contains(original);
        assertThat(store.list(null, 10)).extracting(Device::endpoint).containsExactly("dev-1");
    }

    @Test
    public void concurrent_inserts_of_one_identity_admit_exactly_one() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String endpoint = "dev-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.insert(device(endpoint), credentials(endpoint, "shared"));
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> r : results) {
                admitted += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(1);
            String winner = store.findCredentialsByIdentity("shared").orElseThrow().endpoint();
            assertThat(store.list(null, 100)).extracting(Device::endpoint).containsExactly(winner);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    public void count_is_exact_after_inserts_refusals_erasures_and_reopen() {
        assertThat(store.count()).isZero();
        store.insert(device("dev-1"), credentials("dev-1", "identity-1"));
        store.insert(device("dev-2"), credentials("dev-2", "identity-2"));
        assertThatThrownBy(() -> store.insert(device("dev-1"), credentials("dev-1", "identity-9")))
                .isInstanceOf(ConflictException.class);
        store.updateAndEraseCredentials(device("dev-2").withState(DeviceState.DECOMMISSIONED, T0));
        assertThat(store.count()).isEqualTo(2);

        store = reopenStore();

        assertThat(store.count()).isEqualTo(2);
    }

    @Test
    public void update_replaces_the_record_and_keeps_the_credentials() {
        PskCredentials credentials = credentials("dev-1", "identity-1");
        store.insert(device("dev-1"), credentials);
        Device changed = device("dev-1").withState(DeviceState.ACTIVE, T0.plusSeconds(1)).seen(true,
                T0.plusSeconds(2));

        store.update(changed);

        assertThat(store.find("dev-1")).contains(changed);
        assertThat(store.findCredentials("dev-1")).contains(credentials);
        assertThat(store.findCredentialsByIdentity("identity-1")).contains(credentials);
    }

    @Test
    public void update_of_a_missing_device_is_refused_and_creates_nothing() {
        assertThatThrownBy(() -> store.update(device("ghost"))).isInstanceOf(NotFoundException.class);

        assertThat(store.find("ghost")).isEmpty();
        assertThat(store.list(null, 10)).isEmpty();
    }

    @Test
    public void update_and_erase_credentials_of_a_missing_device_is_refused_and_creates_nothing() {
        assertThatThrownBy(() -> store.updateAndEraseCredentials(device("ghost")))
                .isInstanceOf(NotFoundException.class);

        assertThat(store.find("ghost")).isEmpty();
    }

    @Test
    public void update_and_erase_credentials_erases_the_credentials_and_the_identity_index() {
        store.insert(device("dev-1"), credentials("dev-1", "identity-1"));
        insert("dev-2");
        Device decommissioned = device("dev-1").withState(DeviceState.DECOMMISSIONED, T0.plusSeconds(1));

        store.updateAndEraseCredentials(decommissioned);

        assertThat(store.find("dev-1")).contains(decommissioned);
        assertThat(store.findCredentials("dev-1")).isEmpty();
        assertThat(store.findCredentialsByIdentity("identity-1")).isEmpty();
        assertThat(store.findCredentials("dev-2")).isPresent();
        assertThat(store.findCredentialsByIdentity("id-dev-2")).isPresent();
    }

    @Test
    public void an_erased_identity_can_be_used_by_another_device() {
        store.insert(device("dev-1"), credentials("dev-1", "identity-1"));
        store.updateAndEraseCredentials(device("dev-1").withState(DeviceState.DECOMMISSIONED, T0));
        PskCredentials reused = credentials("dev-2", "identity-1");

        store.insert(device("dev-2"), reused);

        assertThat(store.findCredentialsByIdentity("identity-1")).contains(reused);
        assertThat(store.findCredentials("dev-1")).isEmpty();
    }

    @Test
    public void update_and_erase_credentials_twice_is_harmless() {
        store.insert(device("dev-1"), credentials("dev-1", "identity-1"));
        Device decommissioned = device("dev-1").withState(DeviceState.DECOMMISSIONED, T0);
        store.updateAndEraseCredentials(decommissioned);

        store.updateAndEraseCredentials(decommissioned);

        assertThat(store.find("dev-1")).contains(decommissioned);
        assertThat(store.findCredentials("dev-1")).isEmpty();
    }

    @Test
    public void empty_store_lists_nothing() {
        assertThat(store.list(null, 10)).isEmpty();
        assertThat(store.list("dev-1", 10)).isEmpty();
    }

    @Test
    public void list_returns_devices_in_endpoint_order_up_to_max() {
        for (String e : List.of("dev-2", "dev-10", "dev-1", "dev-11", "a", "dev-100")) {
            insert(e);
        }

        assertThat(endpoints(store.list(null, 100))).containsExactly("a", "dev-1", "dev-10", "dev-100", "dev-11",
                "dev-2");
        assertThat(endpoints(store.list(null, 2))).containsExactly("a", "dev-1");
    }

    @Test
    public void list_starts_strictly_after_the_given_endpoint_even_when_it_prefixes_others() {
        for (String e : List.of("dev-1", "dev-10", "dev-100", "dev-11", "dev-2")) {
            insert(e);
        }

        assertThat(endpoints(store.list("dev-1", 100))).containsExactly("dev-10", "dev-100", "dev-11", "dev-2");
        assertThat(endpoints(store.list("dev-10", 1))).containsExactly("dev-100");
        assertThat(endpoints(store.list("dev-2", 100))).isEmpty();
    }

    @Test
    public void list_after_an_endpoint_that_is_not_stored_starts_at_the_next_one() {
        for (String e : List.of("dev-1", "dev-10", "dev-3")) {
            insert(e);
        }

        assertThat(endpoints(store.list("dev-0", 100))).containsExactly("dev-1", "dev-10", "dev-3");
        assertThat(endpoints(store.list("dev-10-", 100))).containsExactly("dev-3");
        assertThat(endpoints(store.list("dev-2", 100))).containsExactly("dev-3");
    }

    @Test
    public void paging_with_the_last_endpoint_walks_every_device_once() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            all.add("dev-" + i);
            insert("dev-" + i);
        }

        List<String> walked = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 100; pages++) {
            List<Device> page = store.list(after, 5);
            assertThat(page).hasSizeLessThanOrEqualTo(5);
            if (page.isEmpty()) {
                break;
            }
            walked.addAll(endpoints(page));
            after = page.get(page.size() - 1).endpoint();
        }

        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all).isSorted();
    }

    @Test
    public void devices_credentials_and_identity_index_survive_close_and_reopen() {
        Device kept = device("dev-1").withState(DeviceState.ACTIVE, T0.plusSeconds(1));
        PskCredentials keptCredentials = credentials("dev-1", "identity-1");
        store.insert(device("dev-1"), keptCredentials);
        store.update(kept);
        store.insert(device("dev-2"), credentials("dev-2", "identity-2"));
        Device erased = device("dev-2").withState(DeviceState.DECOMMISSIONED, T0.plusSeconds(2));
        store.updateAndEraseCredentials(erased);

        store = reopenStore();

        assertThat(store.find("dev-1")).contains(kept);
        assertThat(store.findCredentials("dev-1")).contains(keptCredentials);
        assertThat(store.findCredentialsByIdentity("identity-1")).contains(keptCredentials);
        assertThat(store.find("dev-2")).contains(erased);
        assertThat(store.findCredentials("dev-2")).isEmpty();
        assertThat(store.findCredentialsByIdentity("identity-2")).isEmpty();
        assertThat(endpoints(store.list(null, 10))).containsExactly("dev-1", "dev-2");
        assertThatThrownBy(() -> store.insert(device("dev-3"), credentials("dev-3", "identity-1")))
                .isInstanceOf(ConflictException.class);
    }

    private static DeviceRecord bootstrapOnly(String endpoint) {
        return new DeviceRecord(Device.provisioning(endpoint, "name of " + endpoint, "tracker", T0), null,
                credentials(endpoint, "bs-" + endpoint));
    }

    @Test
    public void device_with_bootstrap_credentials_only_is_found_with_its_type_and_by_bootstrap_identity() {
        store.insert(bootstrapOnly("bs-1"));

        assertThat(store.find("bs-1").map(Device::type)).contains("tracker");
        assertThat(store.findCredentials("bs-1")).isEmpty();
        assertThat(store.findBootstrapCredentials("bs-1")).contains(credentials("bs-1", "bs-bs-1"));
        assertThat(store.findBootstrapCredentialsByIdentity("bs-bs-1")).map(PskCredentials::endpoint)
                .contains("bs-1");
        assertThat(store.findCredentialsByIdentity("bs-bs-1")).as("bootstrap and DM identities are apart").isEmpty();
    }

    @Test
    public void taken_bootstrap_identity_is_refused_naming_it() {
        store.insert(bootstrapOnly("bs-1"));
        DeviceRecord clash = new DeviceRecord(device("bs-2"), null, credentials("bs-2", "bs-bs-1"));

        assertThatThrownBy(() -> store.insert(clash)).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("bootstrapCredentials.identity"));
        assertThat(store.find("bs-2")).isEmpty();
    }

    @Test
    public void pending_credentials_resolve_next_to_the_current_ones_until_promoted() {
        PskCredentials current = credentials("dev-1", "old-id");
        store.insert(new DeviceRecord(device("dev-1"), current, credentials("dev-1", "bs-id")));
        PskCredentials pending = credentials("dev-1", "new-id");

        store.putPendingCredentials(pending);

        assertThat(store.findCredentials("dev-1")).contains(current);
        assertThat(store.findPendingCredentials("dev-1")).contains(pending);
        assertThat(store.findCredentialsByIdentity("old-id")).contains(current);
        assertThat(store.findCredentialsByIdentity("new-id")).contains(pending);

        assertThat(store.promotePendingCredentials("dev-1", "old-id")).isFalse();
        assertThat(store.promotePendingCredentials("dev-1", "new-id")).isTrue();

        assertThat(store.findCredentials("dev-1")).contains(pending);
        assertThat(store.findPendingCredentials("dev-1")).isEmpty();
        assertThat(store.findCredentialsByIdentity("old-id")).isEmpty();
        assertThat(store.findCredentialsByIdentity("new-id")).contains(pending);
        assertThat(store.promotePendingCredentials("dev-1", "new-id")).isFalse();
    }

    @Test
    public void credentials_changed_after_a_reopen_are_never_found_by_their_old_identity() {
        PskCredentials current = credentials("dev-1", "old-id");
        store.insert(new DeviceRecord(device("dev-1"), current, null));
        store.insert(device("dev-2"), credentials("dev-2", "id-2"));
        store = reopenStore();
        assertThat(store.findCredentialsByIdentity("old-id")).contains(current);
        PskCredentials pending = credentials("dev-1", "new-id");

        store.putPendingCredentials(pending);
        assertThat(store.promotePendingCredentials("dev-1", "new-id")).isTrue();
        store.updateAndEraseCredentials(store.find("dev-2").orElseThrow()
                .withState(DeviceState.DECOMMISSIONED, T0.plusSeconds(1)));

        assertThat(store.findCredentialsByIdentity("old-id")).isEmpty();
        assertThat(store.findCredentialsByIdentity("new-id")).contains(pending);
        assertThat(store.findCredentialsByIdentity("id-2")).isEmpty();
        assertThat(store.find("dev-2").orElseThrow().state()).isEqualTo(DeviceState.DECOMMISSIONED);
    }

    @Test
    public void a_device_updated_after_a_reopen_reads_back_updated() {
        insert("dev-1");
        store = reopenStore();
        Device seen = store.find("dev-1").orElseThrow().seen(true, T0.plusSeconds(5));

        store.update(seen);

        assertThat(store.find("dev-1")).contains(seen);
        store = reopenStore();
        assertThat(store.find("dev-1")).contains(seen);
    }

    @Test
    public void new_pending_credentials_replace_older_pending_ones_and_their_identity() {
        store.insert(bootstrapOnly("bs-1"));
        store.putPendingCredentials(credentials("bs-1", "first"));

        store.putPendingCredentials(credentials("bs-1", "second"));

        assertThat(store.findCredentialsByIdentity("first")).isEmpty();
        assertThat(store.findCredentials("bs-1")).as("pending ones when there are no current ones")
                .contains(credentials("bs-1", "second"));
        assertThatThrownBy(() -> store.putPendingCredentials(credentials("bs-1", "second")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.putPendingCredentials(credentials("nobody", "third")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    public void decommissioning_erases_current_pending_and_bootstrap_credentials_with_their_identities() {
        store.insert(new DeviceRecord(device("dev-1"), credentials("dev-1", "cur"), credentials("dev-1", "bs")));
        store.putPendingCredentials(credentials("dev-1", "pend"));

        store.updateAndEraseCredentials(device("dev-1").withState(DeviceState.DECOMMISSIONED, T0));

        assertThat(store.findCredentials("dev-1")).isEmpty();
        assertThat(store.findBootstrapCredentials("dev-1")).isEmpty();
        assertThat(store.findCredentialsByIdentity("cur")).isEmpty();
        assertThat(store.findCredentialsByIdentity("pend")).isEmpty();
        assertThat(store.findBootstrapCredentialsByIdentity("bs")).isEmpty();
    }

    @Test
    public void insert_all_writes_every_record_and_counts_them() {
        List<DeviceRecord> records = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            records.add(bootstrapOnly(String.format("batch-%03d", i)));
        }

        store.insertAll(records);

        assertThat(store.count()).isEqualTo(500);
        assertThat(store.findBootstrapCredentialsByIdentity("bs-batch-499")).isPresent();
        assertThat(store.list(null, 1000)).hasSize(500);
    }

    @Test
    public void insert_all_with_one_clash_writes_nothing_and_names_each_clashing_index() {
        store.insert(bootstrapOnly("taken"));
        List<DeviceRecord> records = List.of(bootstrapOnly("a"), bootstrapOnly("taken"), bootstrapOnly("b"),
                new DeviceRecord(device("c"), null, credentials("c", "bs-a")));

        assertThatThrownBy(() -> store.insertAll(records)).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("[1].endpoint",
                        "[1].bootstrapCredentials.identity", "[3].bootstrapCredentials.identity"));

        assertThat(store.count()).isEqualTo(1);
        assertThat(store.find("a")).isEmpty();
        assertThat(store.find("b")).isEmpty();
        assertThat(store.findBootstrapCredentialsByIdentity("bs-a")).isEmpty();
    }

    @Test
    public void bootstrap_and_pending_credentials_survive_close_and_reopen() {
        store.insert(bootstrapOnly("bs-1"));
        store.putPendingCredentials(credentials("bs-1", "pend"));

        store = reopenStore();

        assertThat(store.findBootstrapCredentialsByIdentity("bs-bs-1")).isPresent();
        assertThat(store.findCredentialsByIdentity("pend")).contains(credentials("bs-1", "pend"));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    public void pending_credentials_stored_before_a_reopen_are_promoted_after_it() {
        store.insert(new DeviceRecord(device("dev-1"), credentials("dev-1", "old-id"), null));
        store.putPendingCredentials(credentials("dev-1", "new-id"));
        store = reopenStore();

        assertThat(store.promotePendingCredentials("dev-1", "old-id")).isFalse();
        assertThat(store.promotePendingCredentials("dev-1", "new-id")).isTrue();

        assertThat(store.findCredentials("dev-1")).contains(credentials("dev-1", "new-id"));
        assertThat(store.findCredentialsByIdentity("old-id")).isEmpty();
    }

    @Test
    public void a_presence_change_is_found_and_listed_at_once_and_survives_a_reopen_once_written() {
        insert("dev-1");
        insert("dev-2");
        Device online = store.find("dev-1").orElseThrow().seen(true, T0.plusSeconds(5))
                .withState(DeviceState.ACTIVE, T0.plusSeconds(5));

        store.updatePresence(online);

        assertThat(store.find("dev-1")).contains(online);
        assertThat(store.list(null, 10)).containsExactly(online, store.find("dev-2").orElseThrow());
        assertThat(store.writePresence()).isEqualTo(1);
        assertThat(store.writePresence()).isZero();
        store = reopenStore();
        assertThat(store.find("dev-1")).contains(online);
    }

    @Test
    public void a_presence_change_not_yet_written_is_lost_by_a_reopen_as_by_a_crash() {
        insert("dev-1");
        Device stored = store.find("dev-1").orElseThrow();

        store.updatePresence(stored.seen(true, T0.plusSeconds(5)));
        store = reopenStore();

        assertThat(store.find("dev-1")).contains(stored);
    }

    @Test
    public void an_update_replaces_a_presence_change_still_waiting() {
        insert("dev-1");
        Device seen = store.find("dev-1").orElseThrow().seen(true, T0.plusSeconds(5));
        store.updatePresence(seen);
        Device suspended = seen.withState(DeviceState.SUSPENDED, T0.plusSeconds(6));

        store.update(suspended);

        assertThat(store.writePresence()).isZero();
        assertThat(store.find("dev-1")).contains(suspended);
        store = reopenStore();
        assertThat(store.find("dev-1")).contains(suspended);
    }

    @Test
    public void the_latest_of_several_presence_changes_is_written() {
        insert("dev-1");
        Device device = store.find("dev-1").orElseThrow();
        for (int i = 1; i <= 3; i++) {
            store.updatePresence(device.seen(i % 2 == 1, T0.plusSeconds(i)));
        }

        assertThat(store.writePresence()).isEqualTo(1);
        store = reopenStore();
        assertThat(store.find("dev-1")).contains(device.seen(true, T0.plusSeconds(3)));
    }

    @Test
    public void a_presence_change_of_a_missing_device_is_refused_and_creates_nothing() {
        assertThatThrownBy(() -> store.updatePresence(device("ghost"))).isInstanceOf(NotFoundException.class);

        assertThat(store.writePresence()).isZero();
        assertThat(store.find("ghost")).isEmpty();
        assertThat(store.count()).isZero();
    }
}
