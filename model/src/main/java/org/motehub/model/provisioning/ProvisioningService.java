// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import org.motehub.model.ConflictException;
import org.motehub.model.GoneException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;

/**
 * Creates devices in bulk from a manifest (the factory line's list of devices with their bootstrap identities), all
 * of them or none, and hands out the keys it generated exactly once.
 */
public interface ProvisioningService {

    /**
     * Validates every row of a manifest, then starts a batch that creates all its devices in one atomic write.
     *
     * @return the batch, running
     * @throws InvalidInputException listing every bad row (line and column), nothing created
     * @throws ConflictException listing every row whose endpoint or identity is already used, nothing created
     */
    ProvisioningBatch submit(byte[] manifest, ManifestFormat format);

    /**
     * @throws NotFoundException if there is no such batch
     */
    ProvisioningBatch get(String id);

    /**
     * Hands out the keys the batch generated, as CSV ({@code endpoint,bootstrapIdentity,bootstrapKey}), and forgets
     * them.
     *
     * @throws NotFoundException if there is no such batch, or it generated no key
     * @throws ConflictException if the batch has not finished yet, or failed
     * @throws GoneException if they were already handed out
     */
    String takeSecrets(String id);
}
