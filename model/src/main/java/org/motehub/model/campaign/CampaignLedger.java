// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes that change a running campaign in its {@link CampaignStore}: a state change, or changed device rows
 * written in one batch with the campaign's recounted totals, so that totals always match rows. Callers hold the
 * campaign's lock.
 */
final class CampaignLedger {

    /** The service's logger, so that campaign events keep their log category. */
    private static final Logger LOG = LoggerFactory.getLogger(DefaultCampaignService.class);

    private final CampaignStore store;
    private final Clock clock;

    CampaignLedger(CampaignStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the campaign's device rows by endpoint, in store order */
    Map<String, CampaignDevice> rowsOf(String id) {
        Map<String, CampaignDevice> rows = new LinkedHashMap<>();
        for (CampaignDevice row : store.allDevices(id)) {
            rows.put(row.endpoint(), row);
        }
        return rows;
    }

    /** Writes {@code c} moved to {@code state}, without device rows, and logs the move. */
    Campaign saveState(Campaign c, CampaignState state, String reason, Instant now) {
        Campaign next = c.withState(state, reason, now);
        store.save(next, List.of());
        LOG.info("Campaign [{}] moved from [{}] to [{}]{}", c.id(), c.state(), state,
                reason == null ? "" : ": " + reason);
        return next;
    }

    /**
     * Writes the changed rows with the campaign's recounted totals in one batch; rows equal to before are skipped.
     * {@code rows} is updated with what was written.
     */
    Campaign apply(Campaign c, Map<String, CampaignDevice> rows, Collection<CampaignDevice> changed) {
        CampaignTotals totals = c.totals();
        List<CampaignDevice> written = new ArrayList<>(changed.size());
        for (CampaignDevice next : changed) {
            CampaignDevice before = rows.get(next.endpoint());
            if (next.equals(before)) {
                continue;
            }
            totals = totals.replacing(before, next);
            written.add(next);
        }
        if (written.isEmpty()) {
            return c;
        }
        Campaign next = c.withTotals(totals, clock.instant());
        store.save(next, written);
        for (CampaignDevice row : written) {
            rows.put(row.endpoint(), row);
        }
        return next;
    }
}
