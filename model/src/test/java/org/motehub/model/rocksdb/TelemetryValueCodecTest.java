// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.motehub.model.telemetry.Aggregate;

/** Values round-trip exactly, and the common sensor readings take a few bytes. */
class TelemetryValueCodecTest {

    private static int size(Object value) {
        byte[] bytes = TelemetryValueCodec.encode(value);
        assertThat(TelemetryValueCodec.decode(bytes)).as("round trip of %s", value).isEqualTo(value)
                .hasSameClassAs(value);
        return bytes.length;
    }

    @Test
    void short_decimals_take_two_or_three_bytes_single_precision_floats_five_others_nine() {
        assertThat(size(21.37)).isEqualTo(3);
        assertThat(size(22.0)).isEqualTo(2);
        assertThat(size(-5.5)).isEqualTo(2);
        assertThat(size((double) 21.37f)).isEqualTo(5);
        assertThat(size(Math.PI)).isEqualTo(9);
        assertThat(size(Double.NaN)).isEqualTo(5);
        assertThat(size(-0.0)).isEqualTo(5);
        assertThat(size(0.0)).isEqualTo(2);
        assertThat(size(1e300)).isEqualTo(9);
        assertThat(size(5L)).isEqualTo(2);
        assertThat(size(Long.MIN_VALUE)).isEqualTo(11);
        assertThat(size(true)).isEqualTo(1);
        assertThat(size("on")).isEqualTo(3);
        assertThat(size(Instant.ofEpochSecond(1_800_000_000L, 5))).isEqualTo(7);
    }

    @Test
    void random_doubles_of_any_magnitude_round_trip_bit_for_bit() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            double v = switch (i % 4) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> Math.round(random.nextGaussian() * 1e6) / 1000.0;
            case 2 -> (double) (float) (random.nextGaussian() * 100);
            default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            };
            Object decoded = TelemetryValueCodec.decode(TelemetryValueCodec.encode(v));
            assertThat(Double.doubleToRawLongBits((Double) decoded)).as("%s", v)
                    .isEqualTo(Double.doubleToRawLongBits(v));
        }
    }

    @Test
    void aggregates_round_trip() {
        Aggregate a = new Aggregate(123_456_789L, -1.25e10, -7.5, Double.MAX_VALUE);

        assertThat(TelemetryValueCodec.decodeAggregate(TelemetryValueCodec.encodeAggregate(a))).isEqualTo(a);
    }
}
