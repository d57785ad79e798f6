// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.telemetry;

import java.time.Instant;
import java.util.List;

import org.motehub.model.telemetry.Aggregate;
import org.motehub.model.telemetry.Aggregation;
import org.motehub.model.telemetry.TelemetryPoint;

/**
 * RFC 4180 CSV of telemetry: a header line, then one line per value or bucket, CRLF line ends, fields quoted when
 * they hold a comma, a quote or a line break. Times are ISO-8601 UTC.
 */
final class TelemetryCsv {

    /** The media type of every CSV answer. */
    static final String MEDIA_TYPE = "text/csv";
    private static final String EOL = "\r\n";

    private final StringBuilder out = new StringBuilder();

    /** @return CSV of raw points: {@code time,value}. */
    static String points(List<TelemetryPoint> points) {
        TelemetryCsv csv = new TelemetryCsv().line("time", "value");
        points.forEach(p -> csv.line(p.time().toString(), value(p.value())));
        return csv.toString();
    }

    /** @return CSV of the latest values: {@code path,time,value}. */
    static String latest(List<TelemetryPoint> points) {
        TelemetryCsv csv = new TelemetryCsv().line("path", "time", "value");
        points.forEach(p -> csv.line(p.path(), p.time().toString(), value(p.value())));
        return csv.toString();
    }

    /** Starts a CSV of buckets: {@code time}, then {@code devices} for a fleet, then each aggregation. */
    static TelemetryCsv buckets(boolean fleet, List<Aggregation> aggs) {
        String[] header = new String[aggs.size() + (fleet ? 2 : 1)];
        int i = 0;
        header[i++] = "time";
        if (fleet) {
            header[i++] = "devices";
        }
        for (Aggregation a : aggs) {
            header[i++] = a.label();
        }
        return new TelemetryCsv().line(header);
    }

    /** Adds a bucket line; {@code devices} is null for a single series. */
    TelemetryCsv bucket(Instant start, Integer devices, Aggregate aggregate, List<Aggregation> aggs) {
        String[] fields = new String[aggs.size() + (devices != null ? 2 : 1)];
        int i = 0;
        fields[i++] = start.toString();
        if (devices != null) {
            fields[i++] = devices.toString();
        }
        for (Aggregation a : aggs) {
            fields[i++] = a == Aggregation.COUNT ? Long.toString(aggregate.count()) : value(aggregate.value(a));
        }
        return line(fields);
    }

    private TelemetryCsv line(String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quoted(fields[i]));
        }
        out.append(EOL);
        return this;
    }

    private static String value(Object value) {
        return value.toString();
    }

    private static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
