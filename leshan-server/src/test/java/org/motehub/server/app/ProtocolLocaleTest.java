// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Locale;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolLocaleTest {

    private final Locale before = Locale.getDefault(Locale.Category.FORMAT);

    @AfterEach
    void restore() {
        Locale.setDefault(Locale.Category.FORMAT, before);
    }

    @Test
    void lwm2m_versions_are_written_with_ascii_digits_whatever_the_host_locale() {
        Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("ar-SA"));
        assumeFalse(LwM2mVersion.V1_1.toString().equals("1.1"), "this JDK formats ar-SA with ASCII digits");

        ProtocolLocale.apply();

        assertThat(LwM2mVersion.V1_1.toString()).isEqualTo("1.1");
        assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.US);
    }

    @Test
    void the_display_locale_is_left_alone() {
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);

        ProtocolLocale.apply();

        assertThat(Locale.getDefault(Locale.Category.DISPLAY)).isEqualTo(display);
    }
}
