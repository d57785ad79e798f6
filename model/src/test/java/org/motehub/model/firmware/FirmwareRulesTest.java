// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.motehub.model.FieldError;

class FirmwareRulesTest {

    private static List<String> check(FirmwareMetadata m) {
        List<FieldError> errors = new ArrayList<>();
        FirmwareRules.check(m, errors);
        return errors.stream().map(FieldError::field).toList();
    }

    private static FirmwareMetadata meta(String version, List<String> types, List<String> from, String notes) {
        return new FirmwareMetadata(version, types, from, notes, false, null);
    }

    @Test
    void good_metadata_has_no_error() {
        assertThat(check(meta("2.1.0-rc.1+build_7", List.of("thermo-v2", "thermo.v3"), List.of("2.0.0"), "notes")))
                .isEmpty();
        assertThat(check(meta("1", List.of("t"), null, null))).isEmpty();
        assertThat(check(meta("v".repeat(64), List.of("t"), List.of(), "n".repeat(4096)))).isEmpty();
    }

    @Test
    void each_bad_field_is_named() {
        assertThat(check(meta(null, null, null, null))).containsExactly("version", "deviceTypes");
        assertThat(check(meta("", List.of(), null, null))).containsExactly("version", "deviceTypes");
        assertThat(check(meta("v".repeat(65), List.of("t"), null, null))).containsExactly("version");
        assertThat(check(meta("1.0 beta", List.of("t"), null, null))).containsExactly("version");
        assertThat(check(meta("1/0", List.of("t"), null, null))).containsExactly("version");
        assertThat(check(meta("1", List.of("ok", "bad type", "t".repeat(65)), null, null)))
                .containsExactly("deviceTypes[1]", "deviceTypes[2]");
        assertThat(check(meta("1", Arrays.asList("a", null, "a"), null, null)))
                .containsExactly("deviceTypes[1]", "deviceTypes[2]");
        assertThat(check(meta("1", List.of("t"), List.of("1.0", "1 0", ""), null)))
                .containsExactly("fromVersions[1]", "fromVersions[2]");
        assertThat(check(meta("1", List.of("t"), null, "n".repeat(4097)))).containsExactly("releaseNotes");
        assertThat(check(meta("1", Collections.nCopies(101, "t"), null, null))).containsExactly("deviceTypes");
    }

    @Test
    void a_block_needs_a_reason_of_bounded_length() {
        List<FieldError> errors = new ArrayList<>();
        FirmwareRules.checkBlock(true, null, errors);
        FirmwareRules.checkBlock(true, " ", errors);
        FirmwareRules.checkBlock(true, "r".repeat(1025), errors);
        assertThat(errors).extracting(FieldError::field).containsOnly("blockedReason").hasSize(3);

        errors.clear();
        FirmwareRules.checkBlock(true, "bricks the radio", errors);
        FirmwareRules.checkBlock(false, null, errors);
        assertThat(errors).isEmpty();
    }
}
