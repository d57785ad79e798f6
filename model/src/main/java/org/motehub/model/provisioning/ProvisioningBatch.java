// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import java.time.Instant;
import java.util.Objects;

/**
 * A bulk creation of devices from one manifest, and how far it got. Rows are validated before the batch exists; the
 * batch then generates the missing keys and writes every device in one atomic step, so {@code created} is 0 or
 * {@code total}. Immutable.
 *
 * @param id time-ordered id
 * @param state where the batch is
 * @param total number of devices in the manifest
 * @param prepared devices whose records (and generated keys) are ready to be written
 * @param created devices written: 0 until the atomic write, then {@code total}
 * @param generatedKeys how many bootstrap keys Motehub generated (the manifest left them empty)
 * @param secrets whether the generated keys can still be fetched
 * @param createdAt when the batch was submitted
 * @param finishedAt when it succeeded or failed, or null
 * @param error why it failed, or null
 */
public record ProvisioningBatch(String id, State state, int total, int prepared, int created, int generatedKeys,
        Secrets secrets, Instant createdAt, Instant finishedAt, String error) {

    /** Where a batch is. */
    public enum State {
        RUNNING, SUCCEEDED, FAILED
    }

    /** Whether the generated keys of a batch can be fetched. */
    public enum Secrets {
        /** No key was generated: the manifest gave every key. */
        NONE,
        /** Not yet: the batch is running. */
        NOT_READY,
        /** Ready to be fetched, once. */
        AVAILABLE,
        /** Fetched; they are gone from the server. */
        DELIVERED
    }

    public ProvisioningBatch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return this batch with {@code prepared} rows ready. */
    public ProvisioningBatch withPrepared(int count) {
        return new ProvisioningBatch(id, state, total, count, created, generatedKeys, secrets, createdAt, finishedAt,
                error);
    }

    /** @return this batch finished with every device written at {@code now}. */
    public ProvisioningBatch succeeded(Instant now) {
        return new ProvisioningBatch(id, State.SUCCEEDED, total, total, total, generatedKeys,
                generatedKeys == 0 ? Secrets.NONE : Secrets.AVAILABLE, createdAt, now, null);
    }

    /** @return this batch failed at {@code now} for {@code reason}, with nothing written. */
    public ProvisioningBatch failed(Instant now, String reason) {
        return new ProvisioningBatch(id, State.FAILED, total, prepared, 0, generatedKeys, Secrets.NONE, createdAt,
                now, reason);
    }

    /** @return this batch with its generated keys handed out. */
    public ProvisioningBatch secretsDelivered() {
        return new ProvisioningBatch(id, state, total, prepared, created, generatedKeys, Secrets.DELIVERED, createdAt,
                finishedAt, error);
    }
}
