// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import org.eclipse.leshan.server.registration.InMemoryRegistrationStore;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the {@link RegistrationStoreContract} on Leshan's own {@link InMemoryRegistrationStore}, the reference for the
 * semantics Motehub's stores must keep.
 */
class InMemoryRegistrationStoreContractTest extends RegistrationStoreContract {

    private InMemoryRegistrationStore inMemory;

    @Override
    protected RegistrationStore newStore() {
        inMemory = new InMemoryRegistrationStore(1);
        return inMemory;
    }

    @Override
    protected RegistrationStore reopen(RegistrationStore old) {
        return Assumptions.abort("an in-memory store keeps nothing across a restart");
    }

    @AfterEach
    void destroyStore() {
        inMemory.destroy();
    }
}
