// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import java.util.List;
import java.util.Optional;

/**
 * Persists provisioning batches and the generated keys of each until they are fetched. Thread-safe.
 */
public interface ProvisioningStore {

    /** Adds or replaces a batch. */
    void put(ProvisioningBatch batch);

    /** Replaces a batch and stores its generated keys (CSV) in one atomic write. */
    void putWithSecrets(ProvisioningBatch batch, byte[] secretsCsv);

    /** @return the batch with this id, if any. */
    Optional<ProvisioningBatch> find(String id);

    /** @return every batch, oldest first. */
    List<ProvisioningBatch> list();

    /**
     * Takes the stored keys of a batch: returns them, deletes them and stores {@code delivered} in one atomic write,
     * so that they can be taken only once.
     *
     * @return the keys, or empty when there are none (any more)
     */
    Optional<byte[]> takeSecrets(String id, ProvisioningBatch delivered);
}
