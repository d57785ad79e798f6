// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureTest {

    @Test
    void values_are_shown_with_about_three_significant_digits() {
        assertThat(Figure.format(1234.4)).isEqualTo("1,234");
        assertThat(Figure.format(123.4)).isEqualTo("123");
        assertThat(Figure.format(12.34)).isEqualTo("12.3");
        assertThat(Figure.format(12)).isEqualTo("12");
        assertThat(Figure.format(1.234)).isEqualTo("1.23");
        assertThat(Figure.format(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void a_figure_that_does_not_apply_says_why() {
        Figure f = Figure.notApplicable("firmware pull", "pulls", "not built yet");
        assertThat(f.applicable()).isFalse();
        assertThat(f.text()).isEqualTo("n/a: not built yet");
    }

    @Test
    void cpu_model_is_read_from_cpuinfo(@TempDir Path dir) throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: Intel(R)  Xeon(R) Processor\nflags\t: fpu\n");
        assertThat(MachineInfo.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) Processor");
        assertThat(MachineInfo.cpuModel(dir.resolve("missing"))).isEqualTo("unknown CPU");
    }
}
