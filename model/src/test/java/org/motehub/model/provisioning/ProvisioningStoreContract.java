// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ProvisioningStore} must have. Each implementation's test extends this class and supplies
 * the store; never copy these cases. Published in the {@code motehub-model} test-jar.
 */
public abstract class ProvisioningStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    protected ProvisioningStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract ProvisioningStore newStore();

    /** Closes the store last returned and opens a new one over the same data, as a server restart would. */
    protected abstract ProvisioningStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static ProvisioningBatch running(String id) {
        return new ProvisioningBatch(id, ProvisioningBatch.State.RUNNING, 3, 0, 0, 2,
                ProvisioningBatch.Secrets.NOT_READY, T0, null, null);
    }

    @Test
    public void batches_read_back_equal_and_list_oldest_first() {
        store.put(running("0000000000000002"));
        store.put(running("0000000000000001"));
        ProvisioningBatch failed = running("0000000000000001").failed(T0.plusSeconds(1), "clash");
        store.put(failed);

        assertThat(store.find("0000000000000001")).contains(failed);
        assertThat(store.find("0000000000000003")).isEmpty();
        assertThat(store.list()).extracting(ProvisioningBatch::id).containsExactly("0000000000000001",
                "0000000000000002");
    }

    @Test
    public void secrets_are_taken_once_and_the_batch_is_replaced_in_the_same_step() {
        ProvisioningBatch done = running("b1").succeeded(T0.plusSeconds(1));
        store.putWithSecrets(done, "endpoint,bootstrapIdentity,bootstrapKey\n".getBytes(UTF_8));

        assertThat(store.takeSecrets("b1", done.secretsDelivered())).map(b -> new String(b, UTF_8))
                .contains("endpoint,bootstrapIdentity,bootstrapKey\n");
        assertThat(store.find("b1").map(ProvisioningBatch::secrets)).contains(ProvisioningBatch.Secrets.DELIVERED);
        assertThat(store.takeSecrets("b1", done.secretsDelivered())).isEmpty();
    }

    @Test
    public void concurrent_takes_hand_the_secrets_to_exactly_one_caller() throws Exception {
        ProvisioningBatch done = running("b1").succeeded(T0);
        store.putWithSecrets(done, "k".getBytes(UTF_8));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> takes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                takes.add(pool.submit(() -> store.takeSecrets("b1", done.secretsDelivered()).isPresent()));
            }
            int winners = 0;
            for (Future<Boolean> f : takes) {
                winners += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void batches_and_untaken_secrets_survive_close_and_reopen() {
        ProvisioningBatch done = running("b1").succeeded(T0);
        store.putWithSecrets(done, "k".getBytes(UTF_8));

        store = reopenStore();

        assertThat(store.find("b1")).contains(done);
        assertThat(store.takeSecrets("b1", done.secretsDelivered())).isPresent();
    }
}
