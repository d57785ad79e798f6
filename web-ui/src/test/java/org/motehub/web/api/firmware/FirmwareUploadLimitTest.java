// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

/** How much of a refused body {@link FirmwareUploadLimit#discard} reads, and what it says about the rest. */
class FirmwareUploadLimitTest {

    @Test
    void a_body_that_ends_within_the_budget_is_read_to_its_end() {
        assertThat(FirmwareUploadLimit.discard(new ByteArrayInputStream(new byte[0]), 0)).isTrue();
        assertThat(FirmwareUploadLimit.discard(new ByteArrayInputStream(new byte[5]), 5)).isTrue();
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[3 << 20]);
        assertThat(FirmwareUploadLimit.discard(body, 4 << 20)).isTrue();
        assertThat(body.available()).isZero();
    }

    @Test
    void a_body_longer_than_the_budget_is_read_no_further_than_the_budget_and_one_byte() {
        assertThat(FirmwareUploadLimit.discard(new ByteArrayInputStream(new byte[6]), 5)).isFalse();
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[10 << 20]);

        assertThat(FirmwareUploadLimit.discard(body, 8 << 20)).isFalse();

        assertThat(body.available()).isEqualTo((10 << 20) - (8 << 20) - 1);
    }

    @Test
    void a_body_that_breaks_off_counts_as_left_unread() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThat(FirmwareUploadLimit.discard(broken, 100)).isFalse();
    }
}
