// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Which devices of a fleet fail on purpose: with rate R, device index i (0-based) fails iff
 * {@code floor((i+1)*R) > floor(i*R)}. So exactly {@code floor(N*R)} of the first N devices fail, spread evenly, and
 * tests can count on exact numbers. Computed in decimal, so {@code 0.1} means exactly one in ten.
 *
 * @param rate the rate, 0 to 1
 */
public record FailureRate(BigDecimal rate) {

    /** No device fails. */
    public static final FailureRate NEVER = new FailureRate(BigDecimal.ZERO);
    /** Every device fails. */
    public static final FailureRate ALWAYS = new FailureRate(BigDecimal.ONE);

    /**
     * Checks the rate.
     *
     * @throws IllegalArgumentException if the rate is below 0 or above 1
     */
    public FailureRate {
        Objects.requireNonNull(rate, "rate");
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("failure rate must be between 0 and 1 but was [" + rate + "]");
        }
    }

    /**
     * Parses a rate such as {@code 0.1}.
     *
     * @param value the decimal text
     * @return the rate
     * @throws IllegalArgumentException if it is not a number between 0 and 1
     */
    public static FailureRate parse(String value) {
        try {
            return new FailureRate(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failure rate [" + value + "] is not a decimal number", e);
        }
    }

    /**
     * Tells whether a device fails.
     *
     * @param index the device's 0-based index in its fleet
     * @return true if it fails
     */
    public boolean fails(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0 but was [" + index + "]");
        }
        return floorTimes(index + 1L) > floorTimes(index);
    }

    /**
     * Returns how many of the first {@code devices} fail.
     *
     * @param devices the fleet size
     * @return {@code floor(devices * rate)}
     */
    public long failingAmong(int devices) {
        return floorTimes(devices);
    }

    private long floorTimes(long n) {
        return rate.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
