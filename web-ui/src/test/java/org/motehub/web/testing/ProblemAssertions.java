// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks that an error response is a complete RFC 9457 problem document. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /**
     * Asserts that {@code response} has {@code status}, the problem media type and a problem body with every required
     * member, whose {@code errors} name exactly {@code fields} (in any order; none when none are given).
     *
     * @return the problem document
     */
    public static JsonNode assertProblem(HttpResponse<String> response, int status, String... fields) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("content type")
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = WebFixture.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).isNotEmpty();
        assertThat(problem.path("title").asText()).isNotEmpty();
        assertThat(problem.path("detail").asText()).isNotEmpty();
        assertThat(problem.path("errors").isArray()).as("errors is an array").isTrue();
        List<String> named = new ArrayList<>();
        problem.path("errors").forEach(e -> {
            assertThat(e.path("message").asText()).isNotEmpty();
            named.add(e.path("field").asText());
        });
        assertThat(named).as("fields named by %s", problem).containsExactlyInAnyOrder(fields);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
        return problem;
    }
}
