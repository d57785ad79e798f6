// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    private static final MarkdownReport.RunInfo INFO = new MarkdownReport.RunInfo(
            ZonedDateTime.of(2026, 11, 23, 9, 5, 0, 0, ZoneOffset.UTC),
            new MachineInfo(2, 24L << 30, "Test CPU", "OpenJDK 17", "Linux"), "java -jar bench.jar --devices 1000",
            "steady state 60 s", 1000, Optional.of("bench/plot.svg"));

    private static List<ServerReport> reports() {
        ServerReport motehub = new ServerReport("Motehub");
        motehub.add(Figure.of("register storm", "rate (/s)", 500));
        motehub.add(Figure.of("register storm", "registrations ok (failed)", Double.NaN, "1000 (0)"));
        motehub.add(Figure.of("footprint", "disk (MiB)", 7.5));
        ServerReport leshan = new ServerReport("Leshan");
        leshan.add(Figure.of("register storm", "rate (/s)", 1000));
        leshan.add(Figure.of("register storm", "registrations ok (failed)", Double.NaN, "1000 (0)"));
        leshan.add(Figure.notApplicable("footprint", "disk (MiB)", "in memory"));
        leshan.add(Figure.of("cold start", "ready (ms)", 900));
        return List.of(motehub, leshan);
    }

    @Test
    void header_names_date_machine_command_and_plot() {
        String md = MarkdownReport.render(INFO, reports());
        assertThat(md).startsWith("### 2026-11-23 09:05 UTC, 1,000 devices\n");
        assertThat(md).contains("- Machine: 2 cores (Test CPU), 24.0 GiB RAM, OpenJDK 17, Linux\n");
        assertThat(md).contains("- Command: `java -jar bench.jar --devices 1000`\n");
        assertThat(md).contains("- Plot: [bench/plot.svg](bench/plot.svg)\n");
    }

    @Test
    void table_has_a_column_per_server_and_their_ratio() {
        String md = MarkdownReport.render(INFO, reports());
        assertThat(md).contains("| Scenario | Figure | Motehub | Leshan | Motehub / Leshan |\n"
                + "|---|---|---:|---:|---:|\n");
        assertThat(md).contains("| register storm | rate (/s) | 500 | 1,000 | 0.50 |\n");
    }

    @Test
    void figures_without_a_value_get_no_ratio_and_missing_ones_an_empty_cell() {
        String md = MarkdownReport.render(INFO, reports());
        assertThat(md).contains("| register storm | registrations ok (failed) | 1000 (0) | 1000 (0) |  |\n");
        assertThat(md).contains("| footprint | disk (MiB) | 7.50 | n/a: in memory |  |\n");
        assertThat(md).contains("| cold start | ready (ms) |  | 900 |  |\n");
    }

    @Test
    void pipes_in_texts_are_escaped() {
        ServerReport r = new ServerReport("A|B");
        r.add(Figure.of("s", "x | y", 1));
        assertThat(MarkdownReport.render(INFO, List.of(r))).contains("| s | x \\| y | 1.00 |");
    }

    @Test
    void append_keeps_what_the_file_holds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("docs/benchmarks.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# Benchmarks\n\nIntro written by hand.");
        MarkdownReport.append(file, "### run 1\n");
        MarkdownReport.append(file, "### run 2\n");
        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\nIntro written by hand.\n\n### run 1\n\n"
                + "### run 2\n");
    }

    @Test
    void ratio_divides_first_by_second() {
        assertThat(MarkdownReport.ratio(Figure.of("s", "n", 3), Figure.of("s", "n", 4))).isEqualTo("0.75");
        assertThat(MarkdownReport.ratio(Figure.of("s", "n", 3), Figure.of("s", "n", 0))).isEmpty();
        assertThat(MarkdownReport.ratio(null, Figure.of("s", "n", 1))).isEmpty();
    }
}
