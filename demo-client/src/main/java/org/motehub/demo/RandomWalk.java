// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.util.random.RandomGenerator;

/**
 * A bounded random walk that drifts back towards its mean, used to make simulated sensor values look plausible.
 * Not thread-safe: the owning sensor guards it.
 */
final class RandomWalk {

    /** Fraction of the distance to the mean that is recovered at each step. */
    private static final double PULL_TO_MEAN = 0.1;

    private final double mean;
    private final double maxStep;
    private final double min;
    private final double max;
    private double value;

    /**
     * Creates a walk that starts at its mean.
     *
     * @param mean the value the walk starts at and drifts back to
     * @param maxStep the largest random change per step (positive)
     * @param min the lowest value the walk may reach
     * @param max the highest value the walk may reach
     * @throws IllegalArgumentException if {@code maxStep} is not positive or {@code mean} is outside [min, max]
     */
    RandomWalk(double mean, double maxStep, double min, double max) {
        if (!(maxStep > 0)) {
            throw new IllegalArgumentException("maxStep must be positive but was [" + maxStep + "]");
        }
        if (mean < min || mean > max) {
            throw new IllegalArgumentException("mean [" + mean + "] is outside [" + min + ", " + max + "]");
        }
        this.mean = mean;
        this.maxStep = maxStep;
        this.min = min;
        this.max = max;
        this.value = mean;
    }

    /** Returns the current value, rounded to two decimals. */
    double value() {
        return round(value);
    }

    /**
     * Moves one step and returns the new value.
     *
     * @param random the source of randomness (callers pass {@code ThreadLocalRandom.current()})
     * @return the new value, rounded to two decimals
     */
    double next(RandomGenerator random) {
        double step = random.nextDouble(-maxStep, maxStep) + (mean - value) * PULL_TO_MEAN;
        value = Math.max(min, Math.min(max, value + step));
        return value();
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
