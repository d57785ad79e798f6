// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.inject.hk2.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.media.sse.SseFeature;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.campaign.CampaignService;
import org.motehub.model.command.CommandService;
import org.motehub.model.device.DeviceService;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.DeviceFirmwareVersions;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.objects.DeviceObjectsLookup;
import org.motehub.model.profile.ProfileService;
import org.motehub.model.profile.TelemetryReportLookup;
import org.motehub.model.telemetry.TelemetryService;
import org.motehub.model.provisioning.ProvisioningService;
import org.motehub.model.registration.RegistrationLookup;
import org.motehub.web.api.bootstrap.BootstrapProfileResource;
import org.motehub.web.api.bootstrap.CredentialsResource;
import org.motehub.web.api.campaign.CampaignResource;
import org.motehub.web.api.campaign.CampaignView;
import org.motehub.web.api.command.CommandResource;
import org.motehub.web.api.device.DeviceObjectsResource;
import org.motehub.web.api.device.DeviceFirmware;
import org.motehub.web.api.device.DeviceResource;
import org.motehub.web.api.firmware.FirmwareUpdateResource;
import org.motehub.web.api.device.PskIdentityLookup;
import org.motehub.web.api.firmware.FirmwareResource;
import org.motehub.web.api.firmware.FirmwareUploadLimit;
import org.motehub.web.api.health.HealthResource;
import org.motehub.web.api.health.HealthSource;
import org.motehub.web.api.profile.DeviceProfiles;
import org.motehub.web.api.profile.ProfileResource;
import org.motehub.web.api.telemetry.FleetTelemetryResource;
import org.motehub.web.api.telemetry.TelemetryResource;
import org.motehub.web.api.provisioning.ProvisioningResource;
import org.motehub.web.console.ConsoleResource;
import org.motehub.web.events.EventHub;
import org.motehub.web.events.EventsResource;
import org.motehub.web.events.TelemetryEvents;
import org.motehub.web.json.ObjectMapperResolver;
import org.motehub.web.problem.JsonExceptionMapper;
import org.motehub.web.problem.MotehubExceptionMapper;
import org.motehub.web.problem.ProblemErrorHandler;
import org.motehub.web.problem.UnexpectedExceptionMapper;
import org.motehub.web.problem.WebApplicationExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HTTP server of Motehub: Jetty 12 running Jersey, serving the REST API under {@code /api/v1} and the
 * operator console at {@code /}. Built by {@link #builder()}; the resources receive their collaborators through
 * their constructors from a binder of this server's own, with no static state, so several servers can run in one
 * JVM (as tests do).
 */
public final class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    /** Events that may wait for the SSE thread before new ones are dropped. */
    private static final int EVENT_QUEUE = 10_000;

    private final String host;
    private final int port;
    private final DeviceService deviceService;
    private final CommandService commandService;
    private final RegistrationLookup registrationLookup;
    private final DeviceObjectsLookup objectsLookup;
    private final PskIdentityLookup pskIdentityLookup;
    private final BootstrapService bootstrapService;
    private final ProvisioningService provisioningService;
    private final Supplier<Map<String, Object>> health;
    private final ProfileService profileService;
    private final TelemetryReportLookup telemetryReports;
    private final TelemetryService telemetry;
    private final FirmwareRepository firmware;
    private final DeviceFirmwareVersions firmwareVersions;
    private final CampaignService campaignService;
    private final FirmwareUpdateService firmwareUpdates;
    private boolean firmwareEventsRegistered;
    private EventHub events;
    private TelemetryEvents telemetryEvents;

    private Server server;
    private URI uri;
    private int boundPort;

    private WebServer(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.deviceService = b.deviceService;
        this.commandService = b.commandService;
        this.registrationLookup = b.registrationLookup;
        this.objectsLookup = b.objectsLookup;
        this.pskIdentityLookup = b.pskIdentityLookup;
        this.bootstrapService = b.bootstrapService;
        this.provisioningService = b.provisioningService;
        this.health = b.health;
        this.profileService = b.profileService;
        this.telemetryReports = b.telemetryReports;
        this.telemetry = b.telemetry;
        this.firmware = b.firmware;
        this.firmwareVersions = b.firmwareVersions;
        this.campaignService = b.campaignService;
        this.firmwareUpdates = b.firmwareUpdates;
    }

    /** @return a builder with the defaults documented on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving; logs the bound URI at info.
     *
     * @throws IllegalStateException if the server is already running or cannot bind or start
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the web server is already running at " + uri);
        }
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("motehub-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        events = new EventHub(EVENT_QUEUE);
        jetty.setHandler(ContainerFactory.createContainer(JettyHttpContainer.class, resourceConfig(System
                .nanoTime())));
        jetty.setErrorHandler(new ProblemErrorHandler());
        jetty.setStopTimeout(5_000);
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            events.close();
            throw new IllegalStateException("cannot start the web server on " + host + ":" + port, e);
        }
        if (telemetry != null) {
            telemetryEvents = new TelemetryEvents(events);
            telemetry.addListener(telemetryEvents);
        }
        registerFirmwareEvents();
        server = jetty;
        boundPort = connector.getLocalPort();
        uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort + "/");
        LOG.info("Web console and REST API listening at [{}]", uri);
    }

    /** Publishes {@code campaign} and {@code firmwareUpdate} events; the services cannot drop listeners, so once. */
    private void registerFirmwareEvents() {
        if (firmwareEventsRegistered) {
            return;
        }
        firmwareEventsRegistered = true;
        if (campaignService != null) {
            campaignService.addListener(c -> publish("campaign", null, CampaignView.of(c)));
        }
        if (firmwareUpdates != null) {
            firmwareUpdates.addListener(u -> publish("firmwareUpdate", u.endpoint(), u));
        }
    }

    private void publish(String name, String endpoint, Object data) {
        EventHub hub = events;
        if (hub != null && hub.subscribers() > 0) {
            hub.publish(name, endpoint, data);
        }
    }

    /** Stops serving and releases the port and the threads; does nothing if not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        Server jetty = server;
        URI was = uri;
        server = null;
        uri = null;
        if (telemetryEvents != null) {
            telemetry.removeListener(telemetryEvents);
            telemetryEvents = null;
        }
        events.close(); // ends the event streams, which would otherwise hold the stop up
        try {
            jetty.stop();
            LOG.info("Web server at [{}] stopped", was);
        } catch (Exception e) {
            LOG.error("Web server at [{}] did not stop cleanly", was, e);
        }
    }

    /**
     * @return the base URI the server answers at, for example {@code http://127.0.0.1:34567/}
     * @throws IllegalStateException if the server is not running
     */
    public synchronized URI uri() {
        if (uri == null) {
            throw new IllegalStateException("the web server has not been started");
        }
        return uri;
    }

    /**
     * @return the bound port (the one chosen by the system when built with port 0)
     * @throws IllegalStateException if the server is not running
     */
    public synchronized int port() {
        uri();
        return boundPort;
    }

    private ResourceConfig resourceConfig(long startedNanos) {
        ResourceConfig rc = new ResourceConfig();
        rc.setApplicationName("motehub");
        rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        rc.property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        // Our JsonExceptionMapper answers bad bodies; the feature's own mappers would answer in plain text.
        rc.register(JacksonFeature.withoutExceptionMappers());
        rc.register(ObjectMapperResolver.class);
        rc.register(MotehubExceptionMapper.class);
        rc.register(JsonExceptionMapper.class);
        rc.register(WebApplicationExceptionMapper.class);
        rc.register(UnexpectedExceptionMapper.class);
        rc.register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(deviceService).to(DeviceService.class);
                bind(commandService).to(CommandService.class);
                bind(registrationLookup).to(RegistrationLookup.class);
                bind(objectsLookup).to(DeviceObjectsLookup.class);
                bind(pskIdentityLookup).to(PskIdentityLookup.class);
                bind(bootstrapService).to(BootstrapService.class);
                bind(provisioningService).to(ProvisioningService.class);
                bind(new HealthSource(startedNanos, health)).to(HealthSource.class);
                bind(events).to(EventHub.class);
                if (telemetry != null) {
                    bind(telemetry).to(TelemetryService.class);
                }
                bind(new DeviceProfiles(profileService, telemetryReports)).to(DeviceProfiles.class);
                bind(new DeviceFirmware(firmwareVersions, firmware)).to(DeviceFirmware.class);
                if (profileService != null) {
                    bind(profileService).to(ProfileService.class);
                }
                if (firmwareUpdates != null) {
                    bind(firmwareUpdates).to(FirmwareUpdateService.class);
                }
                if (firmware != null) {
                    bind(firmware).to(FirmwareRepository.class);
                }
                if (campaignService != null) {
                    bind(campaignService).to(CampaignService.class);
                }
            }
        });
        rc.register(DeviceResource.class);
        rc.register(DeviceObjectsResource.class);
        rc.register(CommandResource.class);
        rc.register(CredentialsResource.class);
        rc.register(ProvisioningResource.class);
        rc.register(BootstrapProfileResource.class);
        rc.register(HealthResource.class);
        rc.register(ConsoleResource.class);
        rc.register(SseFeature.class);
        rc.register(EventsResource.class);
        if (telemetry != null) {
            rc.register(TelemetryResource.class);
            rc.register(FleetTelemetryResource.class);
        }
        if (profileService != null) {
            rc.register(ProfileResource.class);
        }
        if (firmwareUpdates != null) {
            rc.register(FirmwareUpdateResource.class);
        }
        if (firmware != null) {
            rc.register(MultiPartFeature.class);
            rc.register(FirmwareUploadLimit.class);
            rc.register(FirmwareResource.class);
        }
        if (campaignService != null) {
            rc.register(CampaignResource.class);
        }
        return rc;
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.debug("Cleanup of a web server that failed to start failed too", e);
        }
    }

    /**
     * Collects the settings and collaborators of a {@link WebServer}. The model collaborators and the identity lookup
     * have no default; {@link #build()} names any that is missing.
     */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port = 8080;
        private DeviceService deviceService;
        private CommandService commandService;
        private RegistrationLookup registrationLookup;
        private DeviceObjectsLookup objectsLookup;
        private PskIdentityLookup pskIdentityLookup;
        private BootstrapService bootstrapService;
        private ProvisioningService provisioningService;
        private Supplier<Map<String, Object>> health = Map::of;
        private ProfileService profileService;
        private TelemetryReportLookup telemetryReports = endpoint -> Optional.empty();
        private TelemetryService telemetry;
        private FirmwareRepository firmware;
        private DeviceFirmwareVersions firmwareVersions = DeviceFirmwareVersions.UNKNOWN;
        private CampaignService campaignService;
        private FirmwareUpdateService firmwareUpdates;

        private Builder() {
        }

        /**
         * @param host the address to bind; default {@code 127.0.0.1} (loopback only)
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port the TCP port to bind, 0 for a free one; default 8080
         * @return this builder
         * @throws IllegalArgumentException if the port is outside 0..65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param deviceService the device registry; no default, required
         * @return this builder
         */
        public Builder deviceService(DeviceService deviceService) {
            this.deviceService = deviceService;
            return this;
        }

        /**
         * @param commandService the command queue; no default, required
         * @return this builder
         */
        public Builder commandService(CommandService commandService) {
            this.commandService = commandService;
            return this;
        }

        /**
         * @param registrationLookup the live registrations, from the LwM2M server; no default, required
         * @return this builder
         */
        public Builder registrationLookup(RegistrationLookup registrationLookup) {
            this.registrationLookup = registrationLookup;
            return this;
        }

        /**
         * @param objectsLookup the object trees of registered devices, from the LwM2M server; no default, required
         * @return this builder
         */
        public Builder objectsLookup(DeviceObjectsLookup objectsLookup) {
            this.objectsLookup = objectsLookup;
            return this;
        }

        /**
         * @param pskIdentityLookup the PSK identity of each device, shown without its key; no default, required
         *        (until {@code DeviceService} can tell it)
         * @return this builder
         */
        public Builder pskIdentityLookup(PskIdentityLookup pskIdentityLookup) {
            this.pskIdentityLookup = pskIdentityLookup;
            return this;
        }

        /**
         * @param bootstrapService bootstrap history, credential rotation and bootstrap profiles; no default, required
         * @return this builder
         */
        public Builder bootstrapService(BootstrapService bootstrapService) {
            this.bootstrapService = bootstrapService;
            return this;
        }

        /**
         * @param provisioningService bulk provisioning from manifests; no default, required
         * @return this builder
         */
        public Builder provisioningService(ProvisioningService provisioningService) {
            this.provisioningService = provisioningService;
            return this;
        }

        /**
         * @param health extra entries for {@code GET /api/v1/health}, read on each request; default none
         * @return this builder
         */
        public Builder health(Supplier<Map<String, Object>> health) {
            this.health = Objects.requireNonNull(health, "health");
            return this;
        }

        /**
         * @param profileService device profiles; default none: {@code /api/v1/profiles} is not served and a device
         *        PATCH naming a profile is refused
         * @return this builder
         */
        public Builder profileService(ProfileService profileService) {
            this.profileService = profileService;
            return this;
        }

        /**
         * @param telemetryReports the telemetry section of each device, from the LwM2M server; default none (the
         *        section is null)
         * @return this builder
         */
        public Builder telemetryReports(TelemetryReportLookup telemetryReports) {
            this.telemetryReports = Objects.requireNonNull(telemetryReports, "telemetryReports");
            return this;
        }

        /**
         * @param telemetry the time series; default none: the telemetry API is not served, and
         *        {@code /api/v1/events} carries no telemetry events
         * @return this builder
         */
        public Builder telemetry(TelemetryService telemetry) {
            this.telemetry = telemetry;
            return this;
        }

        /**
         * @param firmware the firmware repository; default none: {@code /api/v1/firmware} is not served
         * @return this builder
         */
        public Builder firmware(FirmwareRepository firmware) {
            this.firmware = firmware;
            return this;
        }

        /**
         * @param campaignService the firmware campaigns; default none: {@code /api/v1/campaigns} is not served
         * @return this builder
         */
        public Builder campaignService(CampaignService campaignService) {
            this.campaignService = campaignService;
            return this;
        }

        /**
         * @param firmwareUpdates the per-device firmware updates; default none: {@code /api/v1/events} carries no
         *        {@code firmwareUpdate} events and {@code /api/v1/devices/{endpoint}/firmware-updates} is not served
         * @return this builder
         */
        public Builder firmwareUpdates(FirmwareUpdateService firmwareUpdates) {
            this.firmwareUpdates = firmwareUpdates;
            return this;
        }

        /**
         * @param firmwareVersions the firmware versions devices reported; default none: devices show no
         *        {@code firmware} section
         * @return this builder
         */
        public Builder firmwareVersions(DeviceFirmwareVersions firmwareVersions) {
            this.firmwareVersions = java.util.Objects.requireNonNull(firmwareVersions, "firmwareVersions");
            return this;
        }

        /**
         * @return a server, not yet started
         * @throws IllegalStateException naming every required collaborator that was not set
         */
        public WebServer build() {
            List<String> missing = new ArrayList<>();
            if (deviceService == null) {
                missing.add("deviceService");
            }
            if (commandService == null) {
                missing.add("commandService");
            }
            if (registrationLookup == null) {
                missing.add("registrationLookup");
            }
            if (objectsLookup == null) {
                missing.add("objectsLookup");
            }
            if (pskIdentityLookup == null) {
                missing.add("pskIdentityLookup");
            }
            if (bootstrapService == null) {
                missing.add("bootstrapService");
            }
            if (provisioningService == null) {
                missing.add("provisioningService");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("WebServer needs " + String.join(", ", missing));
            }
            return new WebServer(this);
        }
    }
}
