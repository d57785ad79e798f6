// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link FirmwareUpdateStore} must have. Each implementation's test extends this class and
 * supplies the store. Published in the {@code motehub-model} test-jar.
 */
public abstract class FirmwareUpdateStoreContract {

    /** A fixed instant with nanoseconds, so that a store that loses precision fails the equality checks. */
    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    protected FirmwareUpdateStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract FirmwareUpdateStore newStore();

    /** Closes the store last returned and opens a new one over the same data, as a restart would. */
    protected abstract FirmwareUpdateStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static String id(long n) {
        return String.format("%016x", n);
    }

    protected static FirmwareUpdate update(String id, String endpoint, String campaignId,
            FirmwareUpdateStatus status) {
        return new FirmwareUpdate(id, endpoint, "fw-1", "2.0", campaignId, null, status, 0, null, null, null, T0, T0,
                null);
    }

    private static List<String> ids(List<FirmwareUpdate> updates) {
        return updates.stream().map(FirmwareUpdate::id).toList();
    }

    @Test
    public void update_with_every_field_is_found_equal_after_reopen() {
        FirmwareUpdate full = new FirmwareUpdate(id(1), "dev-1", "fw-9", "2.1", "c-1", FirmwareUpdate.Delivery.PUSH,
                FirmwareUpdateStatus.DOWNLOADING, 42, "2.0", 0, "none yet", T0, T0.plusNanos(1), T0.plusSeconds(60));

        store.put(full);
        assertThat(store.find(id(1))).contains(full);

        store = reopenStore();
        assertThat(store.find(id(1))).contains(full);
        assertThat(store.find(id(2))).isEmpty();
    }

    @Test
    public void device_updates_are_listed_newest_first_and_latest_is_the_newest() {
        store.put(update(id(1), "dev-1", null, FirmwareUpdateStatus.FAILED));
        store.put(update(id(3), "dev-1", null, FirmwareUpdateStatus.PENDING));
        store.put(update(id(2), "dev-10", null, FirmwareUpdateStatus.PENDING));
        store.put(update(id(4), "dev-0", null, FirmwareUpdateStatus.PENDING));

        assertThat(ids(store.forDevice("dev-1"))).containsExactly(id(3), id(1));
        assertThat(store.latest("dev-1")).map(FirmwareUpdate::id).contains(id(3));
        assertThat(store.latest("dev-10")).map(FirmwareUpdate::id).contains(id(2));
        assertThat(store.latest("dev-0")).map(FirmwareUpdate::id).contains(id(4));
        assertThat(store.latest("dev")).isEmpty();
        assertThat(store.latest("dev-2")).isEmpty();
        assertThat(store.forDevice("dev-2")).isEmpty();
    }

    @Test
    public void unfinished_index_follows_the_status() {
        store.put(update(id(1), "dev-1", null, FirmwareUpdateStatus.PENDING));
        store.put(update(id(2), "dev-2", null, FirmwareUpdateStatus.UPDATING));
        store.put(update(id(3), "dev-3", null, FirmwareUpdateStatus.SUCCEEDED));
        assertThat(ids(store.unfinished())).containsExactly(id(1), id(2));
        assertThat(store.anyUnfinishedFor("fw-1")).isTrue();
        assertThat(store.anyUnfinishedFor("fw-2")).isFalse();

        store.put(update(id(1), "dev-1", null, FirmwareUpdateStatus.CANCELLED));
        store.put(update(id(2), "dev-2", null, FirmwareUpdateStatus.FAILED));

        assertThat(store.unfinished()).isEmpty();
        store = reopenStore();
        assertThat(store.unfinished()).isEmpty();
        assertThat(store.find(id(2))).map(FirmwareUpdate::status).contains(FirmwareUpdateStatus.FAILED);
        assertThat(store.anyUnfinishedFor("fw-1")).isFalse();
    }

    @Test
    public void campaign_updates_are_listed_oldest_first_and_only_theirs() {
        store.put(update(id(2), "dev-2", "c-1", FirmwareUpdateStatus.PENDING));
        store.put(update(id(1), "dev-1", "c-1", FirmwareUpdateStatus.SUCCEEDED));
        store.put(update(id(3), "dev-3", "c-10", FirmwareUpdateStatus.PENDING));
        store.put(update(id(4), "dev-4", null, FirmwareUpdateStatus.PENDING));

        assertThat(ids(store.forCampaign("c-1"))).containsExactly(id(1), id(2));
        assertThat(ids(store.forCampaign("c-10"))).containsExactly(id(3));
        assertThat(store.forCampaign("c")).isEmpty();
    }
}
