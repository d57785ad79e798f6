// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.motehub.model.firmware.FirmwareUpdateStatus;

/**
 * The behaviour every {@link CampaignStore} must have. Each implementation's test extends this class and supplies the
 * store. Published in the {@code motehub-model} test-jar.
 */
public abstract class CampaignStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    protected CampaignStore store;

    protected abstract CampaignStore newStore();

    /** Closes the store last returned and opens a new one over the same data, as a restart would. */
    protected abstract CampaignStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    protected static Campaign campaign(String id, int devices) {
        CampaignTotals totals = new CampaignTotals(devices, devices, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new Campaign(id, "roll " + id, "fw-1", "2.0", CampaignTarget.ofDeviceType("tracker"),
                List.of(50, 100), List.of(1, devices), 10, 50, Duration.ofSeconds(90), T0.plusSeconds(60), true,
                CampaignState.DRAFT, null, 0, totals, 1, null, T0, T0, null, null);
    }

    @Test
    public void campaign_rows_and_exclusions_are_found_equal_after_reopen() {
        Campaign c = campaign("c1", 2);
        CampaignDevice a = CampaignDevice.pending("c1", "dev-a", 0, T0);
        CampaignDevice b = CampaignDevice.pending("c1", "dev-b", 1, T0);
        Exclusion x = new Exclusion("dev-x", ExclusionReason.INCOMPATIBLE_TYPE, "device type meter");

        store.create(c, List.of(b, a), List.of(x));
        store = reopenStore();

        assertThat(store.find("c1")).contains(c);
        assertThat(store.allDevices("c1")).containsExactly(a, b);
        assertThat(store.exclusions("c1")).containsExactly(x);
        assertThat(store.findDevice("c1", "dev-b")).contains(b);
        assertThat(store.findDevice("c1", "dev-x")).isEmpty();
    }

    @Test
    public void save_replaces_the_campaign_and_the_given_rows_only() {
        Campaign c = campaign("c1", 2);
        CampaignDevice a = CampaignDevice.pending("c1", "dev-a", 0, T0);
        CampaignDevice b = CampaignDevice.pending("c1", "dev-b", 1, T0);
        store.create(c, List.of(a, b), List.of());
        CampaignDevice started = new CampaignDevice("c1", "dev-a", 0, CampaignDeviceStatus.IN_PROGRESS,
                "0000000000000001", FirmwareUpdateStatus.DOWNLOADING, 30, "1.0", null, T0.plusSeconds(1));
        Campaign running = c.withState(CampaignState.RUNNING, null, T0.plusSeconds(1)).withTotals(
                c.totals().replacing(a, started), T0.plusSeconds(1));

        store.save(running, List.of(started));

        assertThat(store.find("c1")).contains(running);
        assertThat(store.allDevices("c1")).containsExactly(started, b);
    }

    @Test
    public void campaigns_list_oldest_first_with_paging_and_devices_page_by_endpoint() {
        store.create(campaign("0002", 1), List.of(CampaignDevice.pending("0002", "z", 0, T0)), List.of());
        store.create(campaign("0001", 3), List.of(CampaignDevice.pending("0001", "b", 0, T0),
                CampaignDevice.pending("0001", "a", 1, T0), CampaignDevice.pending("0001", "c", 1, T0)),
                List.of(new Exclusion("a0", ExclusionReason.UNKNOWN_DEVICE, "no such device")));
        store.create(campaign("00010", 0), List.of(), List.of());

        assertThat(store.list(null, 10)).extracting(Campaign::id).containsExactly("0001", "00010", "0002");
        assertThat(store.list("0001", 1)).extracting(Campaign::id).containsExactly("00010");
        assertThat(store.devices("0001", null, 2)).extracting(CampaignDevice::endpoint).containsExactly("a", "b");
        assertThat(store.devices("0001", "b", 10)).extracting(CampaignDevice::endpoint).containsExactly("c");
        assertThat(store.allDevices("00010")).isEmpty();
        assertThat(store.exclusions("0002")).isEmpty();
        assertThat(store.exclusions("0001")).extracting(Exclusion::endpoint).containsExactly("a0");
    }
}
