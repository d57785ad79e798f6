// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.telemetry;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceService;
import org.motehub.model.telemetry.Aggregation;
import org.motehub.model.telemetry.FleetBucket;
import org.motehub.model.telemetry.FleetQuery;
import org.motehub.model.telemetry.Resolution;
import org.motehub.model.telemetry.TelemetryService;
import org.motehub.web.api.profile.DeviceProfiles;
import org.motehub.web.api.telemetry.TelemetryViews.BucketView;
import org.motehub.web.api.telemetry.TelemetryViews.FleetView;

import com.fasterxml.jackson.databind.node.TextNode;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Aggregates across devices: {@code GET /api/v1/telemetry?path=&step=&agg=&from=&to=&profile=&endpoints=} merges the
 * rollup buckets of {@code path} over every device that has it, or only the devices using the profile
 * {@code profile} and/or listed in {@code endpoints} (comma-separated). Default step {@code 1h}, default agg
 * {@code avg}; each bucket tells how many devices it holds. JSON, or CSV for {@code Accept: text/csv}.
 */
@Singleton
@Path("/api/v1/telemetry")
public class FleetTelemetryResource {

    private final TelemetryService telemetry;
    private final DeviceService devices;
    private final DeviceProfiles profiles;

    /**
     * @throws NullPointerException if an argument is null
     */
    @Inject
    public FleetTelemetryResource(TelemetryService telemetry, DeviceService devices, DeviceProfiles profiles) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    private record Request(FleetQuery query, List<Aggregation> aggs) {
    }

    private Request parse(String path, String from, String to, String step, List<String> agg, String profile,
            String endpoints) {
        TelemetryParams p = new TelemetryParams();
        String thePath = p.path(path);
        p.window(from, to, Instant.now());
        Resolution resolution = p.step(step, Resolution.HOUR);
        if (resolution == Resolution.RAW) {
            p.reject("step", "a fleet query aggregates buckets: use 1m, 5m, 1h or 1d");
        }
        List<Aggregation> aggs = p.aggregations(agg, resolution, List.of(Aggregation.AVG));
        p.check();
        Predicate<String> filter = e -> true;
        if (endpoints != null && !endpoints.isBlank()) {
            Set<String> listed = Arrays.stream(endpoints.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toSet());
            filter = filter.and(listed::contains);
        }
        if (profile != null && !profile.isBlank()) {
            String name = profiles.checked(TextNode.valueOf(profile.trim()));
            filter = filter.and(e -> devices.find(e).map(Device::profile).filter(name::equals).isPresent());
        }
        return new Request(new FleetQuery(thePath, p.from(), p.to(), resolution, filter), aggs);
    }

    /** The fleet's buckets as JSON. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public FleetView fleet(@QueryParam("path") String path, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("step") String step, @QueryParam("agg") List<String> agg,
            @QueryParam("profile") String profile, @QueryParam("endpoints") String endpoints) {
        Request r = parse(path, from, to, step, agg, profile, endpoints);
        FleetQuery q = r.query();
        List<BucketView> items = telemetry.fleet(q).stream()
                .map(b -> BucketView.of(b.start(), b.devices(), b.aggregate(), r.aggs())).toList();
        return new FleetView(q.path(), q.step().label(), q.from(), q.to(), items);
    }

    /** The fleet's buckets as CSV: {@code time,devices,} then each aggregation. */
    @GET
    @Produces(TelemetryCsv.MEDIA_TYPE + ";qs=0.5")
    public Response fleetCsv(@QueryParam("path") String path, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("step") String step, @QueryParam("agg") List<String> agg,
            @QueryParam("profile") String profile, @QueryParam("endpoints") String endpoints) {
        Request r = parse(path, from, to, step, agg, profile, endpoints);
        TelemetryCsv csv = TelemetryCsv.buckets(true, r.aggs());
        for (FleetBucket b : telemetry.fleet(r.query())) {
            csv.bucket(b.start(), b.devices(), b.aggregate(), r.aggs());
        }
        return Response.ok(csv.toString(), TelemetryCsv.MEDIA_TYPE + ";charset=UTF-8").build();
    }
}
