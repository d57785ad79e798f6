// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.report;

import java.util.Locale;
import java.util.Objects;

/**
 * One figure of one server in one scenario, such as "register storm / rate (/s) = 812". A figure that does not apply
 * to a server has no value and says why.
 *
 * @param scenario the scenario's title, e.g. {@code register storm}
 * @param name the figure's name with its unit, e.g. {@code latency p99 (ms)}
 * @param value the value, {@link Double#NaN} when not applicable
 * @param text how to show it; the formatted value, or the reason it does not apply
 */
public record Figure(String scenario, String name, double value, String text) {

    /**
     * @throws NullPointerException if a text is null
     */
    public Figure {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /** @return a figure shown with {@link #format(double)}. */
    public static Figure of(String scenario, String name, double value) {
        return new Figure(scenario, name, value, format(value));
    }

    /** @return a figure with a value and its own text, e.g. {@code 998 (2 failed)}. */
    public static Figure of(String scenario, String name, double value, String text) {
        return new Figure(scenario, name, value, text);
    }

    /** @return a figure that does not apply, with the reason. */
    public static Figure notApplicable(String scenario, String name, String reason) {
        return new Figure(scenario, name, Double.NaN, "n/a: " + reason);
    }

    /** @return whether the figure has a value. */
    public boolean applicable() {
        return !Double.isNaN(value);
    }

    /** @return the key that pairs this figure with the other server's. */
    public String key() {
        return scenario + "\u0000" + name;
    }

    /**
     * Formats with three significant digits or so: no decimals from 100, one from 10, two below.
     *
     * @return the text of {@code value}; {@code n/a} for NaN
     */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 100 || value == Math.rint(value) && abs >= 10) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
