// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.motehub.bench.stats.TimeSeries;

/**
 * Everything measured on one server in one run: figures in the order they were taken, and a time series per
 * plotted scenario. Filled by the scenarios while they run (from one thread).
 */
public final class ServerReport {

    private final String server;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, TimeSeries> series = new LinkedHashMap<>();

    /**
     * @param server the server's name in reports, e.g. {@code Motehub}
     * @throws NullPointerException if {@code server} is null
     */
    public ServerReport(String server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /** @return the server's name. */
    public String server() {
        return server;
    }

    /** Adds a figure. */
    public void add(Figure figure) {
        figures.add(Objects.requireNonNull(figure, "figure"));
    }

    /** Sets the time series plotted for {@code scenario}. */
    public void series(String scenario, TimeSeries timeSeries) {
        series.put(Objects.requireNonNull(scenario, "scenario"), Objects.requireNonNull(timeSeries, "timeSeries"));
    }

    /** @return the figures in the order they were added. */
    public List<Figure> figures() {
        return Collections.unmodifiableList(figures);
    }

    /** @return the time series by scenario, in the order they were added. */
    public Map<String, TimeSeries> series() {
        return Collections.unmodifiableMap(series);
    }
}
