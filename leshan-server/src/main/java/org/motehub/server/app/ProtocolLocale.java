// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.util.Locale;

/**
 * Makes the JVM's default format locale {@code en_US}, whatever the host's, because a server formats numbers for
 * protocols and logs, not for a reader.
 *
 * <p>
 * Leshan formats protocol values with the default locale: {@code LwM2m.Version.toString()} is
 * {@code String.format("%d.%d", ...)}, called for every registration and for every registration encoded. Under a
 * locale with other digits (e.g. {@code ar-SA}) that gives {@code "١.١"}, and under any locale but {@code en_US}
 * the JDK's {@code Formatter} builds a new {@code DecimalFormatSymbols} for each number: about 10 % of the CoAP
 * thread's time in a register storm under {@code LANG=C.UTF-8} (format locale {@code en}). The display locale is
 * left alone.
 */
final class ProtocolLocale {

    private ProtocolLocale() {
    }

    /** Sets the default {@link Locale.Category#FORMAT} locale to {@link Locale#US}. */
    static void apply() {
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    }
}
