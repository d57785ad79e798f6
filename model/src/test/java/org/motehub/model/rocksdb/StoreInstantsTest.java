// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceState;

class StoreInstantsTest {

    @Test
    void formats_exactly_as_iso_instant_and_parses_back_for_random_instants() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0000 to 9999
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            String text = StoreInstants.format(instant);
            assertThat(text).as("%s", instant).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
            assertThat(StoreInstants.parse(text)).as(text).isEqualTo(instant);
        }
    }

    @Test
    void years_outside_four_digits_are_formatted_by_iso_instant() {
        for (Instant i : new Instant[] { Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.5Z") }) {
            assertThat(StoreInstants.format(i)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1Z", "2026-01-02T03:04:05.12Z",
            "2026-01-02T03:04:05.1234Z", "2026-01-02T03:04:05.123456789Z", "2024-02-29T23:59:59.999Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z" })
    void parses_every_fraction_length_as_instant_parse_does(String text) {
        assertThat(StoreInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-01-02T03:04:05", "2026-01-02 03:04:05Z", "2026-13-02T03:04:05Z",
            "2026-02-29T03:04:05Z", "2026-04-31T03:04:05Z", "2026-01-02T24:00:00Z", "2026-01-02T03:04:60Z",
            "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05.1234567890Z", "2026-01-02T03:04:05+01:00",
            "+2026-01-02T03:04:05Z", "2026-01-0aT03:04:05Z", "2026-01-02T03:04:05,5Z" })
    void leaves_other_forms_and_impossible_dates_to_the_full_parser(String text) {
        assertThat(StoreInstants.parse(text)).isNull();
    }

    @Test
    void records_read_back_equal_and_other_forms_still_decode_through_jackson() {
        Device device = new Device("dev-1", "Dev", DeviceState.ACTIVE, true,
                Instant.parse("2026-01-02T03:04:05.123456Z"), Instant.parse("2025-12-31T23:59:59Z"),
                Instant.ofEpochSecond(1_767_225_600L, 7), "t", null);
        assertThat(StoreJson.read(StoreJson.write(device), Device.class)).isEqualTo(device);

        String leap = "{\"endpoint\":\"dev-1\",\"name\":\"Dev\",\"state\":\"ACTIVE\",\"online\":false,"
                + "\"createdAt\":1767225600,\"updatedAt\":\"+10000-01-01T00:00:00Z\"}";
        Device read = StoreJson.read(leap.getBytes(java.nio.charset.StandardCharsets.UTF_8), Device.class);
        assertThat(read.createdAt()).isEqualTo(Instant.ofEpochSecond(1_767_225_600L));
        assertThat(read.updatedAt()).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));

        byte[] bad = "{\"endpoint\":\"d\",\"name\":\"d\",\"state\":\"ACTIVE\",\"online\":false,\"createdAt\":\"soon\",\"updatedAt\":\"2026-01-02T03:04:05Z\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StoreJson.read(bad, Device.class)).isInstanceOf(StoreException.class);
    }
}
