// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.motehub.model.InvalidInputException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;

/**
 * The read side of {@link DefaultTelemetryService}: raw points straight from the store, and rollup buckets from the
 * stored rows with the resident buckets of {@link OpenBuckets} taking their place (resident ones are read first, so a
 * flush in between cannot make a query miss or count a point twice).
 */
final class TelemetryQueries {

    private final TelemetryStore store;
    private final OpenBuckets open;

    TelemetryQueries(TelemetryStore store, OpenBuckets open) {
        this.store = store;
        this.open = open;
    }

    Page<TelemetryPoint> points(SeriesQuery q) {
        if (q.step() != Resolution.RAW) {
            throw new IllegalArgumentException("points are read at step raw, not " + q.step());
        }
        requireSeries(q.endpoint(), q.path());
        Instant from = q.from();
        Optional<Long> after = cursor(q.page());
        if (after.isPresent() && after.get() != Long.MAX_VALUE) {
            Instant next = EpochNanos.toInstant(after.get() + 1);
            from = next.isAfter(from) ? next : from;
        }
        int limit = limit(q.page());
        List<TelemetryPoint> points = store.points(q.endpoint(), q.path(), from, q.to(), limit + 1);
        if (points.size() <= limit) {
            return new Page<>(points, null);
        }
        requirePaged(q, "points");
        List<TelemetryPoint> items = points.subList(0, limit);
        long last = EpochNanos.of(items.get(limit - 1).time());
        return new Page<>(items, PageRequest.cursorAfter(Long.toString(last)));
    }

    Page<Bucket> buckets(SeriesQuery q) {
        if (!q.step().isRollup()) {
            throw new IllegalArgumentException("buckets are read at a rollup step, not raw");
        }
        requireSeries(q.endpoint(), q.path());
        long from = q.step().bucketOf(q.from().getEpochSecond());
        long to = EpochNanos.secondsCeiling(q.to());
        Optional<Long> after = cursor(q.page());
        if (after.isPresent()) {
            from = Math.max(from, after.get() + 1);
        }
        int limit = limit(q.page());
        List<Bucket> all = merged(q.endpoint(), q.path(), q.step(), from, to, limit + 1);
        if (all.size() <= limit) {
            return new Page<>(all, null);
        }
        requirePaged(q, "buckets");
        List<Bucket> items = all.subList(0, limit);
        long last = items.get(limit - 1).start().getEpochSecond();
        return new Page<>(items, PageRequest.cursorAfter(Long.toString(last)));
    }

    List<FleetBucket> fleet(FleetQuery q) {
        List<String> endpoints = store.endpoints(q.path());
        if (endpoints.isEmpty()) {
            throw new InvalidInputException("path", "no device has telemetry for " + q.path());
        }
        long from = q.step().bucketOf(q.from().getEpochSecond());
        long to = EpochNanos.secondsCeiling(q.to());
        long buckets = Math.max(0, (to - from + q.step().seconds() - 1) / q.step().seconds());
        if (buckets > TelemetryService.MAX_UNPAGED) {
            throw new InvalidInputException("step", "the window holds " + buckets + " buckets at step " + q.step()
                    + ", more than " + TelemetryService.MAX_UNPAGED + ": choose a coarser step or a shorter window");
        }
        TreeMap<Long, MutableAggregate> sums = new TreeMap<>();
        TreeMap<Long, Integer> devices = new TreeMap<>();
        for (String endpoint : endpoints) {
            if (!q.endpoints().test(endpoint)) {
                continue;
            }
            for (Bucket b : merged(endpoint, q.path(), q.step(), from, to, TelemetryService.MAX_UNPAGED + 1)) {
                long start = b.start().getEpochSecond();
                sums.computeIfAbsent(start, s -> new MutableAggregate()).merge(b.aggregate());
                devices.merge(start, 1, Integer::sum);
            }
        }
        List<FleetBucket> result = new ArrayList<>(sums.size());
        sums.forEach((start, a) -> result.add(new FleetBucket(Instant.ofEpochSecond(start), a.toAggregate(),
                devices.get(start))));
        return result;
    }

    /** @return the first {@code max} buckets of the series in {@code [from, to)}, resident ones replacing stored. */
    private List<Bucket> merged(String endpoint, String path, Resolution step, long from, long to, int max) {
        Map<Long, Aggregate> resident = open.overlay(endpoint, path, step, from, to);
        TreeMap<Long, Aggregate> all = new TreeMap<>();
        for (Bucket b : store.rollups(endpoint, path, step, from, to, max)) {
            all.put(b.start().getEpochSecond(), b.aggregate());
        }
        all.putAll(resident);
        List<Bucket> result = new ArrayList<>(Math.min(max, all.size()));
        for (Map.Entry<Long, Aggregate> e : all.entrySet()) {
            if (result.size() == max) {
                break;
            }
            result.add(new Bucket(Instant.ofEpochSecond(e.getKey()), e.getValue()));
        }
        return result;
    }

    private void requireSeries(String endpoint, String path) {
        if (!TelemetryPaths.isValid(path)) {
            throw new InvalidInputException("path", "must be a resource or resource instance path such as "
                    + "/3303/0/5700, not " + path);
        }
        if (!store.paths(endpoint).contains(path)) {
            throw new InvalidInputException("path", "device " + endpoint + " has no telemetry for " + path);
        }
    }

    private static void requirePaged(SeriesQuery q, String what) {
        if (q.page() == null) {
            throw new InvalidInputException("limit", "is required: the window holds more than "
                    + TelemetryService.MAX_UNPAGED + " " + what + " at step " + q.step()
                    + "; page with limit and cursor, shorten the window or choose a coarser step");
        }
    }

    private static int limit(PageRequest page) {
        return page == null ? TelemetryService.MAX_UNPAGED : page.limit();
    }

    private static Optional<Long> cursor(PageRequest page) {
        if (page == null || page.after().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(page.after().get()));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("cursor", "is not a cursor returned by this API");
        }
    }
}
