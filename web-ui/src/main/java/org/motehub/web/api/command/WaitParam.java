// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.command;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.motehub.model.InvalidInputException;

/**
 * Parses the {@code wait} query parameter: how long a request may hold on for a command to finish, written
 * {@code 500ms}, {@code 5s} or {@code 1m}, at most {@value #MAX_SECONDS} seconds.
 */
public final class WaitParam {

    /** The longest wait a request may ask for. */
    public static final long MAX_SECONDS = 60;

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m)");
    private static final String EXPECTED = "must be a duration such as 500ms, 5s or 1m, at most " + MAX_SECONDS + "s";

    private WaitParam() {
    }

    /**
     * @param text the parameter, or null when absent
     * @return the duration, zero when absent
     * @throws InvalidInputException naming {@code wait} when the text is malformed or too long a wait
     */
    public static Duration parse(String text) {
        if (text == null) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new InvalidInputException("wait", EXPECTED);
        }
        long amount = Long.parseLong(m.group(1));
        Duration wait;
        switch (m.group(2)) {
        case "ms":
            wait = Duration.ofMillis(amount);
            break;
        case "s":
            wait = Duration.ofSeconds(amount);
            break;
        default:
            wait = Duration.ofMinutes(amount);
            break;
        }
        if (wait.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0) {
            throw new InvalidInputException("wait", EXPECTED);
        }
        return wait;
    }
}
