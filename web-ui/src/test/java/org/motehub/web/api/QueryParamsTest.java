// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.PageRequest;
import org.motehub.model.device.DeviceState;

class QueryParamsTest {

    @Test
    void absent_and_empty_parameters_take_their_defaults() {
        QueryParams params = new QueryParams();

        assertThat(params.enumValue("state", null, DeviceState.class)).isNull();
        assertThat(params.enumValue("state", "", DeviceState.class)).isNull();
        assertThat(params.booleanValue("online", "")).isNull();
        PageRequest page = params.page(null, "");
        params.check();

        assertThat(page.limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
        assertThat(page.after()).isEmpty();
    }

    @Test
    void good_parameters_are_parsed_in_any_case() {
        QueryParams params = new QueryParams();

        assertThat(params.enumValue("state", "suspended", DeviceState.class)).isEqualTo(DeviceState.SUSPENDED);
        assertThat(params.booleanValue("online", "TRUE")).isTrue();
        assertThat(params.page("7", PageRequest.cursorAfter("dev-3")).after()).hasValue("dev-3");
        params.check();
    }

    @Test
    void every_bad_parameter_is_reported_together() {
        QueryParams params = new QueryParams();
        params.enumValue("state", "ASLEEP", DeviceState.class);
        params.booleanValue("online", "yes");
        params.page("ten", null);

        assertThatThrownBy(params::check).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("state", "online",
                        "limit"));
    }

    @Test
    void out_of_range_limit_and_bad_cursor_are_reported() {
        QueryParams params = new QueryParams();
        params.page("0", null);
        params.page("20", "***");

        assertThatThrownBy(params::check).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("limit", "cursor"));
    }
}
