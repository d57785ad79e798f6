// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

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
import org.motehub.web.api.device.PskIdentityLookup;
import org.motehub.web.api.firmware.UploadSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HTTP server of Motehub: Jetty 12 running Jersey, serving the REST API under {@code /api/v1} and the
 * operator console at {@code /}. Built by {@link #builder()}; the resources receive their collaborators through
 * their constructors from a binder of this server's own, with no static state, so several servers can run in one
 * JVM (as tests do). This class keeps the life cycle; {@link ApiApplication}, {@link JettyHttp} and
 * {@link ServerEvents} do the assembly.
 */
public final class WebServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final String host;
    private final int port;
    private final WebCollaborators collaborators;
    private final ServerEvents events;

    private JettyHttp server;
    private URI uri;
    private int boundPort;

    private WebServer(String host, int port, WebCollaborators collaborators) {
        this.host = host;
        this.port = port;
        this.collaborators = collaborators;
        this.events = new ServerEvents(collaborators);
    }

    /** @return a builder with the defaults documented on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving; logs the bound URI at info. With firmware, first creates the upload folder
     * and deletes the parts a previous run left in it.
     *
     * @throws IllegalStateException if the server is already running or cannot bind or start
     * @throws java.io.UncheckedIOException if the upload folder cannot be created or emptied
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the web server is already running at " + uri);
        }
        if (collaborators.firmware() != null) {
            new UploadSpool(collaborators.uploadDir()).prepare(); // what a crash mid-upload left
        }
        JettyHttp jetty = new JettyHttp(host, port);
        jetty.serve(ApiApplication.create(collaborators, events.open(), System.nanoTime()));
        try {
            jetty.start();
        } catch (Exception e) {
            events.abort();
            throw new IllegalStateException("cannot start the web server on " + host + ":" + port, e);
        }
        events.connect();
        server = jetty;
        boundPort = jetty.localPort();
        uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort + "/");
        LOG.info("Web console and REST API listening at [{}]", uri);
    }

    /** Stops serving and releases the port and the threads; does nothing if not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        JettyHttp jetty = server;
        URI was = uri;
        server = null;
        uri = null;
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
        private Path uploadDir;

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
         * @param uploadDir the folder, owned by this server, into which the parts of multipart firmware uploads are
         *        spooled while they are read; its files are deleted at each start. No default: required with
         *        {@link #firmware}, so uploads never go to the system temporary folder
         * @return this builder
         */
        public Builder uploadDir(Path uploadDir) {
            this.uploadDir = Objects.requireNonNull(uploadDir, "uploadDir");
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
            return new WebServer(host, port, new WebCollaborators(deviceService, commandService, registrationLookup,
                    objectsLookup, pskIdentityLookup, bootstrapService, provisioningService, health, profileService,
                    telemetryReports, telemetry, firmware, firmwareVersions, campaignService, firmwareUpdates,
                    uploadDir));
        }
    }
}
