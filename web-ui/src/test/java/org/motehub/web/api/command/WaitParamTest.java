// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.motehub.model.InvalidInputException;

class WaitParamTest {

    @Test
    void absent_wait_is_zero() {
        assertThat(WaitParam.parse(null)).isZero();
    }

    @Test
    void milliseconds_seconds_and_minutes_are_understood() {
        assertThat(WaitParam.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(WaitParam.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(WaitParam.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(WaitParam.parse("0s")).isZero();
        assertThat(WaitParam.parse("60000ms")).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "5 s", "5S", "1.5s", "-1s", "5h", "61s", "2m", "60001ms",
        "9999999999s", "soon"})
    void anything_else_is_invalid_input_naming_wait(String text) {
        assertThatThrownBy(() -> WaitParam.parse(text)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.field())
                        .isEqualTo("wait")));
    }
}
