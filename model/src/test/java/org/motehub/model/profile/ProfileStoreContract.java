// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

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
import org.motehub.model.PreconditionFailedException;

/**
 * The behaviour every {@link ProfileStore} must have. Each implementation's test extends this class and supplies the
 * store; never copy these cases. Published in the {@code motehub-model} test-jar.
 */
public abstract class ProfileStoreContract {

    /** A fixed instant with nanoseconds, so that a store that loses precision fails the equality checks. */
    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** The store under test, from {@link #newStore()}; replaced by {@link #reopenStore()}. */
    protected ProfileStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract ProfileStore newStore();

    /**
     * Closes the store last returned and opens a new one over the same data, as a server restart would. An
     * implementation that keeps nothing across a restart calls {@code Assumptions.abort(...)} instead.
     */
    protected abstract ProfileStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** @return a profile with every field set, at {@code version}. */
    protected static DeviceProfile profile(String name, long version) {
        return new DeviceProfile(name, "thermo-v2", List.of(new ObservedPath("/3303/0/5700", 10L, 60L, 30.0, 5.0,
                0.5), ObservedPath.of("/3/0/9")), true, "SENML_CBOR", false, 300L, version, T0,
                T0.plusSeconds(version));
    }

    @Test
    public void inserted_profile_reads_back_equal_with_every_field() {
        DeviceProfile p = profile("thermo", 1);

        store.insert(p);

        assertThat(store.find("thermo")).contains(p);
    }

    @Test
    public void profile_with_only_a_name_reads_back_equal() {
        DeviceProfile p = new DeviceProfile("bare", null, List.of(), false, null, null, null, 1, T0, T0);

        store.insert(p);

        assertThat(store.find("bare")).contains(p);
    }

    @Test
    public void unknown_name_is_not_found() {
        store.insert(profile("thermo", 1));

        assertThat(store.find("other")).isEmpty();
        assertThat(store.find("thermo ")).isEmpty();
    }

    @Test
    public void insert_with_a_taken_name_is_refused_naming_name_and_keeps_the_first() {
        DeviceProfile first = profile("thermo", 1);
        store.insert(first);

        assertThatThrownBy(() -> store.insert(profile("thermo", 7)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("name"));

        assertThat(store.find("thermo")).contains(first);
    }

    @Test
    public void list_pages_through_profiles_in_name_order() {
        for (String name : List.of("c", "a", "e", "b", "d")) {
            store.insert(profile(name, 1));
        }

        assertThat(store.list(null, 2)).extracting(DeviceProfile::name).containsExactly("a", "b");
        assertThat(store.list("b", 2)).extracting(DeviceProfile::name).containsExactly("c", "d");
        assertThat(store.list("d", 2)).extracting(DeviceProfile::name).containsExactly("e");
        assertThat(store.list("e", 2)).isEmpty();
        assertThat(store.list("bb", 10)).extracting(DeviceProfile::name).containsExactly("c", "d", "e");
    }

    @Test
    public void replace_at_the_stored_version_writes_the_new_profile() {
        store.insert(profile("thermo", 1));
        DeviceProfile next = new DeviceProfile("thermo", null, List.of(ObservedPath.of("/3/0/7/0")), false, "TLV",
                true, null, 2, T0, T0.plusSeconds(9));

        store.replace(next, 1);

        assertThat(store.find("thermo")).contains(next);
    }

    @Test
    public void replace_at_another_version_is_refused_and_keeps_the_stored_one() {
        DeviceProfile stored = profile("thermo", 3);
        store.insert(stored);

        assertThatThrownBy(() -> store.replace(profile("thermo", 3), 2))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> store.replace(profile("thermo", 5), 4))
                .isInstanceOf(PreconditionFailedException.class);

        assertThat(store.find("thermo")).contains(stored);
    }

    @Test
    public void replace_of_an_unknown_profile_is_not_found_and_creates_nothing() {
        assertThatThrownBy(() -> store.replace(profile("ghost", 2), 1)).isInstanceOf(NotFoundException.class);

        assertThat(store.find("ghost")).isEmpty();
    }

    @Test
    public void concurrent_replaces_at_the_same_version_let_exactly_one_win() throws Exception {
        store.insert(profile("thermo", 1));
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String type = "writer-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        store.replace(new DeviceProfile("thermo", type, List.of(), false, null, null, null, 2, T0,
                                T0), 1);
                        return true;
                    } catch (PreconditionFailedException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(store.find("thermo").orElseThrow().version()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void delete_removes_the_profile_once() {
        store.insert(profile("thermo", 1));
        store.insert(profile("other", 1));

        assertThat(store.delete("thermo")).isTrue();
        assertThat(store.delete("thermo")).isFalse();

        assertThat(store.find("thermo")).isEmpty();
        assertThat(store.list(null, 10)).extracting(DeviceProfile::name).containsExactly("other");
    }

    @Test
    public void deleted_name_can_be_used_again() {
        store.insert(profile("thermo", 4));
        store.delete("thermo");

        store.insert(profile("thermo", 1));

        assertThat(store.find("thermo")).contains(profile("thermo", 1));
    }

    @Test
    public void profiles_survive_a_reopen() {
        DeviceProfile kept = profile("thermo", 1);
        store.insert(kept);
        store.insert(profile("gone", 1));
        store.delete("gone");
        DeviceProfile next = profile("thermo", 2);
        store.replace(next, 1);

        store = reopenStore();

        assertThat(store.find("thermo")).contains(next);
        assertThat(store.find("gone")).isEmpty();
        assertThat(store.list(null, 10)).containsExactly(next);
    }
}
