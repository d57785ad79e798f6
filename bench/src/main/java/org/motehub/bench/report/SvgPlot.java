// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import org.motehub.bench.stats.TimeSeries;
import org.motehub.bench.stats.TimeSeries.Point;

/**
 * Draws a run as one SVG image, written by hand (no library): a row per plotted scenario, with throughput over time
 * on the left and latency (median solid, 99th percentile dashed) on the right, one colour per server.
 */
public final class SvgPlot {

    private static final String[] COLOURS = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728" };
    private static final int WIDTH = 960;
    private static final int ROW = 250;
    private static final int TOP = 60;
    private static final int CHART_W = 380;
    private static final int CHART_H = 170;

    /** One line of a chart. */
    private record Line(String colour, boolean dashed, List<double[]> points) {
    }

    private SvgPlot() {
    }

    /**
     * @param title the image's title
     * @param reports one per server; their series are drawn in this order and colour
     * @return the SVG document
     */
    public static String render(String title, List<ServerReport> reports) {
        Set<String> scenarios = new LinkedHashSet<>();
        reports.forEach(r -> scenarios.addAll(r.series().keySet()));
        int height = TOP + Math.max(1, scenarios.size()) * ROW;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH,
                height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        text(svg, 20, 24, 15, "start", title);
        legend(svg, reports);
        int row = 0;
        for (String scenario : scenarios) {
            int y = TOP + row++ * ROW;
            text(svg, 20, y + 14, 13, "start", scenario);
            List<Line> rates = new ArrayList<>();
            List<Line> latencies = new ArrayList<>();
            for (int i = 0; i < reports.size(); i++) {
                TimeSeries series = reports.get(i).series().get(scenario);
                if (series == null) {
                    continue;
                }
                String colour = COLOURS[i % COLOURS.length];
                rates.add(new Line(colour, false, points(series, Point::perSecond)));
                latencies.add(new Line(colour, false, points(series, Point::medianMillis)));
                latencies.add(new Line(colour, true, points(series, Point::p99Millis)));
            }
            chart(svg, 70, y + 30, "throughput (/s)", rates);
            chart(svg, 70 + CHART_W + 90, y + 30, "latency (ms): median solid, p99 dashed", latencies);
        }
        return svg.append("</svg>\n").toString();
    }

    private static List<double[]> points(TimeSeries series, ToDoubleFunction<Point> value) {
        List<double[]> points = new ArrayList<>();
        for (Point p : series.points()) {
            points.add(new double[] { p.offsetSeconds(), value.applyAsDouble(p) });
        }
        return points;
    }

    private static void legend(StringBuilder svg, List<ServerReport> reports) {
        int x = 20;
        for (int i = 0; i < reports.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"36\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x, COLOURS[i % COLOURS.length]));
            text(svg, x + 16, 46, 12, "start", reports.get(i).server());
            x += 30 + 8 * reports.get(i).server().length();
        }
    }

    private static void chart(StringBuilder svg, int x, int y, String title, List<Line> lines) {
        double xMax = 1;
        double yMax = 0;
        for (Line l : lines) {
            for (double[] p : l.points()) {
                xMax = Math.max(xMax, p[0] + 1);
                yMax = Math.max(yMax, p[1]);
            }
        }
        double yStep = niceStep(yMax <= 0 ? 1 : yMax, 5);
        double yTop = Math.max(yStep, Math.ceil(yMax / yStep) * yStep);
        double xStep = niceStep(xMax, 6);
        text(svg, x, y - 4, 11, "start", title);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", x, y, CHART_W, CHART_H));
        for (double v = 0; v <= yTop + yStep / 2; v += yStep) {
            double py = y + CHART_H - v / yTop * CHART_H;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#eee\"/>%n", x, py, x + CHART_W, py));
            text(svg, x - 4, py + 4, 10, "end", label(v));
        }
        for (double v = 0; v <= xMax; v += xStep) {
            double px = x + v / xMax * CHART_W;
            text(svg, px, y + CHART_H + 14, 10, "middle", label(v));
        }
        text(svg, x + CHART_W, y + CHART_H + 28, 10, "end", "seconds");
        for (Line l : lines) {
            if (l.points().isEmpty()) {
                continue;
            }
            if (l.points().size() == 1) {
                double[] p = l.points().get(0);
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        x + p[0] / xMax * CHART_W, y + CHART_H - Math.min(p[1], yTop) / yTop * CHART_H, l.colour()));
                continue;
            }
            StringBuilder pts = new StringBuilder();
            for (double[] p : l.points()) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x + p[0] / xMax * CHART_W,
                        y + CHART_H - Math.min(p[1], yTop) / yTop * CHART_H));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s "
                    + "points=\"%s\"/>%n", l.colour(), l.dashed() ? " stroke-dasharray=\"4,3\"" : "",
                    pts.toString().trim()));
        }
    }

    /**
     * @param max the largest value to show, positive
     * @param ticks about how many ticks are wanted
     * @return a step of 1, 2 or 5 times a power of ten giving about {@code ticks} ticks up to {@code max}
     */
    static double niceStep(double max, int ticks) {
        double raw = max / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / magnitude;
        double nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static String label(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+$", "");
    }

    private static void text(StringBuilder svg, double x, double y, int size, String anchor, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s"
                + "</text>%n", x, y, size, anchor, escape(text)));
    }

    /** @return {@code text} with the XML special characters escaped. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
