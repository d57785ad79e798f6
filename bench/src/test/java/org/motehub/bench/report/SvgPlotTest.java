// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.motehub.bench.stats.Samples;
import org.motehub.bench.stats.TimeSeries;
import org.w3c.dom.Document;

class SvgPlotTest {

    private static ServerReport report(String name, long latencyNanos) {
        ServerReport r = new ServerReport(name);
        Samples s = new Samples(new long[] { 100, 1_100, 2_100 }, new long[] { latencyNanos, latencyNanos,
                latencyNanos * 2 }, 0);
        r.series("register storm", TimeSeries.of(s, 0, 3_000, 1_000));
        r.series("read <fan-out> & more", TimeSeries.of(s, 0, 3_000, 1_000));
        return r;
    }

    @Test
    void plot_is_well_formed_svg_with_a_row_per_scenario() throws Exception {
        String svg = SvgPlot.render("Motehub & Leshan", List.of(report("Motehub", 2_000_000),
                report("Leshan", 1_000_000)));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        // per scenario: one throughput line and two latency lines (median, p99) for each of the two servers
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2 * 2 * 3);
        assertThat(svg).contains("read &lt;fan-out&gt; &amp; more").contains("Motehub &amp; Leshan");
        assertThat(svg).contains("stroke-dasharray");
    }

    @Test
    void nice_steps_are_one_two_or_five_times_a_power_of_ten() {
        assertThat(SvgPlot.niceStep(1000, 5)).isEqualTo(200);
        assertThat(SvgPlot.niceStep(7, 5)).isEqualTo(2);
        assertThat(SvgPlot.niceStep(0.9, 5)).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SvgPlot.niceStep(2400, 6)).isEqualTo(500);
    }

    @Test
    void a_run_without_series_still_renders() {
        assertThat(SvgPlot.render("empty", List.of(new ServerReport("Motehub")))).startsWith("<svg").endsWith(
                "</svg>\n");
    }
}
