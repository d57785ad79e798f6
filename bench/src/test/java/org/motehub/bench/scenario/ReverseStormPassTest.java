// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.motehub.bench.report.Figure;
import org.motehub.bench.report.ServerReport;

class ReverseStormPassTest {

    private static ServerReport storm(double rate, double cpu) {
        ServerReport r = new ServerReport("Motehub");
        r.add(Figure.of(RegisterStorm.TITLE, "registrations ok (failed)", Double.NaN, "10 (0)"));
        r.add(Figure.of(RegisterStorm.TITLE, "rate (/s)", rate));
        r.add(Figure.of(RegisterStorm.TITLE, "server CPU per registration (ms)", cpu));
        return r;
    }

    @Test
    void the_second_pass_is_added_with_the_geometric_mean_of_both_rates() {
        ServerReport first = storm(100, 1.5);

        ReverseStormPass.addSecondPass(first, storm(400, 0.5));

        assertThat(first.figures()).contains(Figure.of(ReverseStormPass.SECOND, "rate (/s)", 400),
                Figure.of(ReverseStormPass.SECOND, "server CPU per registration (ms)", 0.5),
                Figure.of(ReverseStormPass.BOTH, "rate, geometric mean of the two passes (/s)", 200));
        assertThat(first.figures()).filteredOn(f -> f.scenario().equals(RegisterStorm.TITLE)).hasSize(3);
    }

    @Test
    void a_second_pass_without_a_rate_adds_no_mean() {
        ServerReport first = storm(100, 1.5);

        ReverseStormPass.addSecondPass(first, new ServerReport("Motehub"));

        assertThat(first.figures()).noneMatch(f -> f.scenario().startsWith(RegisterStorm.TITLE + ","));
    }
}
