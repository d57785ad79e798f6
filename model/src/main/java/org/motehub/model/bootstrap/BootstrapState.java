// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.bootstrap;

import java.time.Instant;
import java.util.Objects;

/**
 * What Motehub knows of a device's bootstraps and of the rotation of its DM credentials. Immutable; each event
 * returns a new record.
 *
 * @param endpoint the device
 * @param attempts bootstrap attempts: DTLS handshakes refused for this device plus Bootstrap-Requests received
 * @param successes sessions the device finished
 * @param failures attempts refused or failed
 * @param lastAttemptAt when the last attempt started, or null
 * @param lastResult how the last attempt went, or null before the first
 * @param lastReason why the last attempt failed, or null
 * @param lastSuccessAt when the device last finished a bootstrap, or null
 * @param rotationRequestedAt when an operator last asked for new DM credentials, or null
 * @param rotationCompletedAt when the device last registered with credentials issued after that request, or null
 * @param rotationCommandId the queued Bootstrap-Request Trigger of the last rotation, or null when none was queued
 */
public record BootstrapState(String endpoint, long attempts, long successes, long failures, Instant lastAttemptAt,
        BootstrapResult lastResult, String lastReason, Instant lastSuccessAt, Instant rotationRequestedAt,
        Instant rotationCompletedAt, String rotationCommandId) {

    public BootstrapState {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** @return the state of a device that never tried to bootstrap. */
    public static BootstrapState empty(String endpoint) {
        return new BootstrapState(endpoint, 0, 0, 0, null, null, null, null, null, null, null);
    }

    /** @return this state after a Bootstrap-Request was accepted at {@code now}. */
    public BootstrapState started(Instant now) {
        return new BootstrapState(endpoint, attempts + 1, successes, failures, now, BootstrapResult.IN_PROGRESS, null,
                lastSuccessAt, rotationRequestedAt, rotationCompletedAt, rotationCommandId);
    }

    /** @return this state after the running session finished at {@code now}. */
    public BootstrapState succeeded(Instant now) {
        return new BootstrapState(endpoint, attempts, successes + 1, failures, lastAttemptAt,
                BootstrapResult.SUCCEEDED, null, now, rotationRequestedAt, rotationCompletedAt, rotationCommandId);
    }

    /** @return this state after the running session failed for {@code reason}. */
    public BootstrapState failed(String reason) {
        return new BootstrapState(endpoint, attempts, successes, failures + 1, lastAttemptAt, BootstrapResult.FAILED,
                reason, lastSuccessAt, rotationRequestedAt, rotationCompletedAt, rotationCommandId);
    }

    /** @return this state after an attempt refused at once (at the handshake) at {@code now}. */
    public BootstrapState refused(Instant now, String reason) {
        return new BootstrapState(endpoint, attempts + 1, successes, failures + 1, now, BootstrapResult.FAILED,
                reason, lastSuccessAt, rotationRequestedAt, rotationCompletedAt, rotationCommandId);
    }

    /** @return this state with a rotation requested at {@code now}, triggered by {@code commandId} (may be null). */
    public BootstrapState rotationRequested(Instant now, String commandId) {
        return new BootstrapState(endpoint, attempts, successes, failures, lastAttemptAt, lastResult, lastReason,
                lastSuccessAt, now, null, commandId);
    }

    /** @return this state with the requested rotation done at {@code now}. */
    public BootstrapState rotationCompleted(Instant now) {
        return new BootstrapState(endpoint, attempts, successes, failures, lastAttemptAt, lastResult, lastReason,
                lastSuccessAt, rotationRequestedAt, now, rotationCommandId);
    }

    /** @return whether a rotation was requested and has not completed yet. */
    public boolean rotationPending() {
        return rotationRequestedAt != null && rotationCompletedAt == null;
    }
}
