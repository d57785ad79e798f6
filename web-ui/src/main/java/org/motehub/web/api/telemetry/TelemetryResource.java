// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.device.DeviceService;
import org.motehub.model.telemetry.Aggregation;
import org.motehub.model.telemetry.Bucket;
import org.motehub.model.telemetry.Resolution;
import org.motehub.model.telemetry.SeriesQuery;
import org.motehub.model.telemetry.TelemetryPoint;
import org.motehub.model.telemetry.TelemetryService;
import org.motehub.web.api.telemetry.TelemetryViews.BucketView;
import org.motehub.web.api.telemetry.TelemetryViews.LatestView;
import org.motehub.web.api.telemetry.TelemetryViews.PathPointView;
import org.motehub.web.api.telemetry.TelemetryViews.PointView;
import org.motehub.web.api.telemetry.TelemetryViews.SeriesView;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The time series of one device over HTTP: {@code GET .../telemetry?path=&from=&to=&step=&agg=&limit=&cursor=} for
 * raw points or rollup buckets, and {@code GET .../telemetry/latest} for the last value of every path; both answer
 * JSON, or CSV for {@code Accept: text/csv} (with the next page in a {@code Link} header). An unknown device is 404.
 */
@Singleton
@Path("/api/v1/devices/{endpoint}/telemetry")
public class TelemetryResource {

    private static final List<Aggregation> ALL = List.of(Aggregation.values());

    private final TelemetryService telemetry;
    private final DeviceService devices;

    /**
     * @throws NullPointerException if an argument is null
     */
    @Inject
    public TelemetryResource(TelemetryService telemetry, DeviceService devices) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    /** A parsed series request. */
    private record Request(SeriesQuery query, List<Aggregation> aggs) {
    }

    private Request parse(String endpoint, String path, String from, String to, String step, List<String> agg,
            String limit, String cursor) {
        TelemetryParams p = new TelemetryParams();
        String thePath = p.path(path);
        p.window(from, to, Instant.now());
        Resolution resolution = p.step(step, Resolution.RAW);
        List<Aggregation> aggs = p.aggregations(agg, resolution, ALL);
        PageRequest page = p.page(limit, cursor);
        p.check();
        devices.get(endpoint);
        return new Request(new SeriesQuery(endpoint, thePath, p.from(), p.to(), resolution, page), aggs);
    }

    /** Raw points or buckets as JSON. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public SeriesView series(@PathParam("endpoint") String endpoint, @QueryParam("path") String path,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("step") String step,
            @QueryParam("agg") List<String> agg, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Request r = parse(endpoint, path, from, to, step, agg, limit, cursor);
        SeriesQuery q = r.query();
        if (q.step() == Resolution.RAW) {
            Page<TelemetryPoint> page = telemetry.points(q);
            return view(q, page.items().stream().map(PointView::of).toList(), page.nextCursor());
        }
        Page<Bucket> page = telemetry.buckets(q);
        return view(q, page.items().stream().map(b -> BucketView.of(b.start(), null, b.aggregate(), r.aggs()))
                .toList(), page.nextCursor());
    }

    private static SeriesView view(SeriesQuery q, List<?> items, String next) {
        return new SeriesView(q.endpoint(), q.path(), q.step().label(), q.from(), q.to(), items, next);
    }

    /** Raw points or buckets as CSV; the next page, if any, in a {@code Link: <...>; rel="next"} header. */
    @GET
    @Produces(TelemetryCsv.MEDIA_TYPE + ";qs=0.5")
    public Response seriesCsv(@PathParam("endpoint") String endpoint, @QueryParam("path") String path,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("step") String step,
            @QueryParam("agg") List<String> agg, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        Request r = parse(endpoint, path, from, to, step, agg, limit, cursor);
        SeriesQuery q = r.query();
        String csv;
        String next;
        if (q.step() == Resolution.RAW) {
            Page<TelemetryPoint> page = telemetry.points(q);
            csv = TelemetryCsv.points(page.items());
            next = page.nextCursor();
        } else {
            Page<Bucket> page = telemetry.buckets(q);
            TelemetryCsv out = TelemetryCsv.buckets(false, r.aggs());
            page.items().forEach(b -> out.bucket(b.start(), null, b.aggregate(), r.aggs()));
            csv = out.toString();
            next = page.nextCursor();
        }
        Response.ResponseBuilder response = Response.ok(csv, TelemetryCsv.MEDIA_TYPE + ";charset=UTF-8");
        if (next != null) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", next).build(), "next");
        }
        return response.build();
    }

    /** The last value of every path of the device, as JSON. */
    @GET
    @Path("latest")
    @Produces(MediaType.APPLICATION_JSON)
    public LatestView latest(@PathParam("endpoint") String endpoint) {
        devices.get(endpoint);
        return new LatestView(endpoint, telemetry.latest(endpoint).stream().map(PathPointView::of).toList());
    }

    /** The last value of every path of the device, as CSV. */
    @GET
    @Path("latest")
    @Produces(TelemetryCsv.MEDIA_TYPE + ";qs=0.5")
    public Response latestCsv(@PathParam("endpoint") String endpoint) {
        devices.get(endpoint);
        return Response.ok(TelemetryCsv.latest(telemetry.latest(endpoint)), TelemetryCsv.MEDIA_TYPE
                + ";charset=UTF-8").build();
    }
}
