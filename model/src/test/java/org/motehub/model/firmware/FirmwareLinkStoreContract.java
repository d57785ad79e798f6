// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link FirmwareLinkStore} must have. Each implementation's test extends this class and
 * supplies the store. Published in the {@code motehub-model} test-jar.
 */
public abstract class FirmwareLinkStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    protected FirmwareLinkStore store;

    protected abstract FirmwareLinkStore newStore();

    /** Closes the store and opens a new one over the same data, as a server restart would. */
    protected abstract FirmwareLinkStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void created_link_is_found_by_its_token_after_a_restart() {
        FirmwareLink link = store.create("dev-1", "u1", "fw1", T0);
        store = reopenStore();
        assertThat(store.find(link.token())).contains(link);
        assertThat(store.find("nope")).isEmpty();
        assertThat(store.find("")).isEmpty();
    }

    @Test
    void tokens_are_16_random_bytes_in_base64url() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String token = store.create("dev-1", "u" + i, "fw1", T0).token();
            assertThat(token).matches("[A-Za-z0-9_-]{22}");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(16);
            tokens.add(token);
        }
        assertThat(tokens).hasSize(50);
    }

    @Test
    void links_of_an_update_are_listed_and_deleted_together() {
        FirmwareLink a = store.create("dev-1", "u1", "fw1", T0);
        FirmwareLink b = store.create("dev-1", "u1", "fw1", T0);
        FirmwareLink other = store.create("dev-2", "u2", "fw1", T0);
        assertThat(store.forUpdate("u1")).containsExactlyInAnyOrder(a, b);
        assertThat(store.deleteForUpdate("u1")).isEqualTo(2);
        assertThat(store.find(a.token())).isEmpty();
        assertThat(store.find(b.token())).isEmpty();
        assertThat(store.find(other.token())).contains(other);
        store.delete(other.token());
        assertThat(store.find(other.token())).isEmpty();
    }

    @Test
    void expiry_deletes_only_links_past_their_time() {
        FirmwareLink old = store.create("dev-1", "u1", "fw1", T0);
        FirmwareLink fresh = store.create("dev-2", "u2", "fw1", T0.plusSeconds(60));
        assertThat(old.expired(T0)).isTrue();
        assertThat(fresh.expired(T0)).isFalse();
        assertThat(store.deleteExpired(T0.plusSeconds(1))).isEqualTo(1);
        assertThat(store.find(old.token())).isEmpty();
        assertThat(store.find(fresh.token())).contains(fresh);
    }
}
