// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.motehub.model.PageRequest;
import org.motehub.model.telemetry.Aggregation;
import org.motehub.model.telemetry.Resolution;
import org.motehub.web.api.QueryParams;

/**
 * The query parameters of the telemetry API, parsed by hand so that every bad one is named in a 400: {@code path},
 * {@code from} and {@code to} (ISO-8601, default the last 24 hours), {@code step} ({@code raw}, {@code 1m},
 * {@code 5m}, {@code 1h}, {@code 1d}), {@code agg} (comma-separated {@code avg,min,max,sum,count}), {@code limit} and
 * {@code cursor}. Call {@link #check()} before using the results.
 */
final class TelemetryParams {

    /** The window when neither {@code from} nor {@code to} says otherwise. */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    private final QueryParams params = new QueryParams();
    private Instant from;
    private Instant to;

    /** @return the path, or null (and an error) when it is missing. */
    String path(String path) {
        if (path == null || path.isBlank()) {
            params.reject("path", "is required, e.g. /3303/0/5700");
            return null;
        }
        return path.trim();
    }

    /** Parses {@code from} and {@code to}; read them with {@link #from()} and {@link #to()}. */
    void window(String fromText, String toText, Instant now) {
        Optional<Instant> t = time("to", toText);
        Optional<Instant> f = time("from", fromText);
        to = t.orElse(now);
        from = f.orElse(to.minus(DEFAULT_WINDOW));
        if (from.isAfter(to)) {
            params.reject("from", "must not be after to (" + to + ")");
        }
    }

    Instant from() {
        return from;
    }

    Instant to() {
        return to;
    }

    private Optional<Instant> time(String name, String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
            } catch (DateTimeParseException e2) {
                params.reject(name, "must be an ISO-8601 time such as 2026-11-23T10:00:00Z");
                return Optional.empty();
            }
        }
    }

    /** @return the step, {@code fallback} when absent, null (and an error) when unknown. */
    Resolution step(String text, Resolution fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        Optional<Resolution> step = Resolution.fromLabel(text);
        if (step.isEmpty()) {
            params.reject("step", "must be one of raw, 1m, 5m, 1h, 1d");
            return null;
        }
        return step.get();
    }

    /**
     * @param texts the {@code agg} parameters, each a comma-separated list
     * @param step the step asked for; aggregations apply to rollup steps only
     * @param fallback the aggregations when none are asked for
     * @return the aggregations in the order asked, without repeats
     */
    List<Aggregation> aggregations(List<String> texts, Resolution step, List<Aggregation> fallback) {
        Set<Aggregation> result = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (String text : texts) {
            for (String name : text.split(",", -1)) {
                names.add(name.trim());
            }
        }
        if (names.isEmpty() || names.size() == 1 && names.get(0).isEmpty()) {
            return fallback;
        }
        for (String name : names) {
            Optional<Aggregation> a = Aggregation.fromLabel(name);
            if (a.isEmpty()) {
                params.reject("agg", "must be a comma-separated list of avg, min, max, sum, count; not '" + name
                        + "'");
                return fallback;
            }
            result.add(a.get());
        }
        if (step == Resolution.RAW) {
            params.reject("agg", "applies to the rollup steps 1m, 5m, 1h and 1d, not to raw points");
        }
        return List.copyOf(result);
    }

    /** @return the page asked for, or null for the whole window when neither limit nor cursor is given. */
    PageRequest page(String limit, String cursor) {
        if ((limit == null || limit.isEmpty()) && (cursor == null || cursor.isEmpty())) {
            return null;
        }
        return params.page(limit, cursor);
    }

    /** Records a bad parameter found by the caller. */
    void reject(String name, String message) {
        params.reject(name, message);
    }

    /**
     * @throws org.motehub.model.InvalidInputException naming every bad parameter, if any
     */
    void check() {
        params.check();
    }
}
