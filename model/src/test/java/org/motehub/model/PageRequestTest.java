// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

    private static void assertRefusedNaming(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly(field));
    }

    @Test
    void no_parameters_give_the_first_page_with_the_default_limit() {
        PageRequest page = PageRequest.of(null, null);

        assertThat(page.limit()).isEqualTo(PageRequest.DEFAULT_LIMIT).isEqualTo(50);
        assertThat(page.after()).isEmpty();
        assertThat(PageRequest.first().limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
        assertThat(PageRequest.first().after()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 999, 1000 })
    void limits_from_one_to_the_maximum_are_accepted(int limit) {
        assertThat(PageRequest.of(limit, null).limit()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(ints = { Integer.MIN_VALUE, -1, 0, 1001, Integer.MAX_VALUE })
    void limits_outside_one_to_the_maximum_are_refused_naming_limit(int limit) {
        assertRefusedNaming(() -> PageRequest.of(limit, null), "limit");
    }

    @ParameterizedTest
    @ValueSource(strings = { "***", "a b", "dev/1", "ab=c", "Zm9v!", "x" })
    void a_cursor_that_is_not_base64url_is_refused_naming_cursor(String cursor) {
        assertRefusedNaming(() -> PageRequest.of(10, cursor), "cursor");
    }

    @Test
    void an_empty_cursor_means_the_first_page() {
        assertThat(PageRequest.of(10, "").after()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev-1", "dev-10", "a", "urn:imei:123456789012345", "0000018c1a2b3c4d", "ä?/+=&ü",
            "ab", "abc" })
    void a_cursor_made_after_a_key_resumes_after_that_key(String key) {
        String cursor = PageRequest.cursorAfter(key);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(PageRequest.of(7, cursor).after()).contains(key);
        assertThat(PageRequest.of(7, cursor).limit()).isEqualTo(7);
    }
}
