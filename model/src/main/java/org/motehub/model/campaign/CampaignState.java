// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a campaign: {@code DRAFT -> SCHEDULED -> RUNNING -> PAUSED <-> RUNNING -> COMPLETED | ABORTED |
 * CANCELLED}. A campaign without a start time goes from DRAFT straight to RUNNING.
 */
public enum CampaignState {
    /** Created, devices selected and assigned to waves; nothing runs until it is started. */
    DRAFT,
    /** Started with a start time in the future; it runs at that time. */
    SCHEDULED,
    /** Updates are started wave by wave. */
    RUNNING,
    /** No new device is started; updates already in flight finish. */
    PAUSED,
    /** Every wave finished within its failure threshold. */
    COMPLETED,
    /** A wave failed past its threshold (or the image was blocked): the rest was cancelled. */
    ABORTED,
    /** Cancelled by an operator. */
    CANCELLED;

    /** @return whether no further transition happens. */
    public boolean isFinal() {
        return this == COMPLETED || this == ABORTED || this == CANCELLED;
    }

    /** @return the states an operator may move this state to (start, pause, resume, cancel). */
    public Set<CampaignState> operatorMoves() {
        switch (this) {
        case DRAFT:
            return EnumSet.of(SCHEDULED, RUNNING, CANCELLED);
        case SCHEDULED:
            return EnumSet.of(CANCELLED);
        case RUNNING:
            return EnumSet.of(PAUSED, CANCELLED);
        case PAUSED:
            return EnumSet.of(RUNNING, CANCELLED);
        default:
            return EnumSet.noneOf(CampaignState.class);
        }
    }
}
