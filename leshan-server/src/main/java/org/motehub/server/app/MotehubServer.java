// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coap.CoapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.endpoint.LwM2mServerEndpoint;
import org.eclipse.leshan.server.model.LwM2mModelProvider;
import org.eclipse.leshan.server.model.VersionedModelProvider;
import org.motehub.gateway.dtls.ConnectionSnapshots;
import org.motehub.gateway.dtls.DtlsSettings;
import org.motehub.gateway.firmware.FirmwareDownloadResource;
import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.bootstrap.DefaultBootstrapService;
import org.motehub.model.command.CommandService;
import org.motehub.model.command.DefaultCommandService;
import org.motehub.model.credentials.ActiveCredentialsLookup;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.device.DeviceService;
import org.motehub.model.device.PresenceWriter;
import org.motehub.model.campaign.CampaignRunner;
import org.motehub.model.campaign.DefaultCampaignService;
import org.motehub.model.firmware.DefaultFirmwareRepository;
import org.motehub.model.firmware.DefaultFirmwareUpdateService;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.ReportedVersionTap;
import org.motehub.model.firmware.SignatureVerifier;
import org.motehub.model.firmware.SigningMode;
import org.motehub.model.firmware.TrustedKeys;
import org.motehub.model.profile.DefaultProfileService;
import org.motehub.model.profile.ProfileRules;
import org.motehub.model.profile.ProfileService;
import org.motehub.model.rocksdb.ColumnFamily;
import org.motehub.model.provisioning.DefaultProvisioningService;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbBootstrapStore;
import org.motehub.model.rocksdb.RocksDbCommandStore;
import org.motehub.model.rocksdb.RocksDbCampaignStore;
import org.motehub.model.rocksdb.RocksDbDeviceFirmwareVersions;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.rocksdb.RocksDbFirmwareLinkStore;
import org.motehub.model.rocksdb.RocksDbFirmwareStore;
import org.motehub.model.rocksdb.RocksDbFirmwareUpdateStore;
import org.motehub.model.rocksdb.RocksDbProfileStore;
import org.motehub.model.rocksdb.RocksDbTelemetryStatusStore;
import org.motehub.model.rocksdb.RocksDbTelemetryStore;
import org.motehub.model.telemetry.DefaultTelemetryService;
import org.motehub.model.telemetry.TelemetryIngest;
import org.motehub.model.telemetry.TelemetryRetention;
import org.motehub.model.telemetry.TelemetryService;
import org.motehub.model.rocksdb.RocksDbProvisioningStore;
import org.motehub.server.bootstrap.MotehubBootstrapServer;
import org.motehub.server.dispatch.CommandDispatcher;
import org.motehub.server.dispatch.LwM2mRequests;
import org.motehub.server.firmware.FirmwareUpdateDriver;
import org.motehub.server.lwm2m.cbor.MotehubCodecs;
import org.motehub.server.objects.LeshanObjectsLookup;
import org.motehub.server.objects.ObjectModels;
import org.motehub.server.profile.LeshanTelemetryReports;
import org.motehub.server.profile.ObservationFreshness;
import org.motehub.server.profile.ProfileContentFormats;
import org.motehub.server.profile.ProfileObserver;
import org.motehub.server.registration.DeviceContacts;
import org.motehub.server.registration.LeshanRegistrationLookup;
import org.motehub.server.registration.MemoizingLinkParser;
import org.motehub.server.registration.PresenceRecorder;
import org.motehub.server.registration.RocksDbRegistrationStore;
import org.motehub.server.security.CredentialsSecurityStore;
import org.motehub.server.security.CredentialsSwitcher;
import org.motehub.server.security.DeviceEvictor;
import org.motehub.server.security.RegistryAuthorizer;
import org.motehub.server.telemetry.IngestQueue;
import org.motehub.server.telemetry.TelemetryCollector;
import org.motehub.server.telemetry.TelemetryStatusRecorder;
import org.motehub.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a Motehub server is wired: RocksDB stores, model services, the Leshan LwM2M server on
 * Californium with Motehub's registration and security stores, the Leshan bootstrap server, the command dispatcher
 * and the REST/console web server. It creates components and starts and stops them in order; the logic lives in the components.
 */
public final class MotehubServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MotehubServer.class);
    private static final Duration SNAPSHOT_MAX_QUIET = Duration.ofDays(1);
    private static final Duration RETENTION_INTERVAL = Duration.ofMinutes(10);
    private static final int DEDUPLICATED_EXCHANGES_PER_DEVICE = 16;

    private final ServerSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final MotehubDb db;
    private final DeviceService devices;
    private final PresenceWriter presenceWriter;
    private final CommandService commands;
    private final BootstrapService bootstrap;
    private final DefaultProvisioningService provisioning;
    private final RocksDbRegistrationStore registrations;
    private final CaliforniumServerEndpointsProvider endpoints;
    private final LeshanServer lwm2m;
    private final MotehubBootstrapServer bootstrapServer;
    private final CommandDispatcher dispatcher;
    private final DefaultTelemetryService telemetry;
    private final TelemetryRetention retention;
    private final ProfileService profiles;
    private final DefaultFirmwareRepository firmware;
    private final FirmwareUpdateService firmwareUpdates;
    private final FirmwareUpdateDriver firmwareDriver;
    private final DefaultCampaignService campaigns;
    private final CampaignRunner campaignRunner;
    private final IngestQueue ingestQueue;
    private final ProfileObserver profileObserver;
    private final ConnectionSnapshots snapshots;
    private final WebServer web;
    private final Instant startedAt;
    private boolean running;

    private MotehubServer(ServerSettings settings, UnaryOperator<TelemetryIngest> ingestWrapper) {
        ProtocolLocale.apply();
        this.settings = settings;
        this.startedAt = clock.instant();
        this.db = MotehubDb.open(settings.dataDir().resolve("db"), settings.fsync());
        RocksDbDeviceStore deviceStore = new RocksDbDeviceStore(db);
        this.devices = new DefaultDeviceService(deviceStore, clock);
        this.presenceWriter = new PresenceWriter(deviceStore, PresenceWriter.DEFAULT_INTERVAL);
        this.commands = new DefaultCommandService(new RocksDbCommandStore(db), devices, clock);
        this.registrations = new RocksDbRegistrationStore(db, 2);
        RocksDbTelemetryStore telemetryStore = new RocksDbTelemetryStore(db);
        this.telemetry = DefaultTelemetryService.builder().store(telemetryStore).clock(clock)
                .retention(settings.retention()).build();
        this.retention = new TelemetryRetention(telemetryStore, settings.retention(), clock, RETENTION_INTERVAL);

        DtlsSettings dtls = DtlsSettings.builder().build();
        // Motehub picks the cipher suite by its own order, the order it offers when it starts a handshake itself
        // (after a crash): the suite is then the same whoever starts, and observations survive the new session
        CaliforniumServerEndpointsProvider.Builder endpointsBuilder = new CaliforniumServerEndpointsProvider.Builder(
                new CoapServerProtocolProvider(), new CoapsServerProtocolProvider(
                        dtlsBuilder -> dtlsBuilder.setCipherSuiteSelector(dtls.cipherSuiteSelector())));
        endpointsBuilder.setConfiguration(c -> {
            dtls.applyTo(c);
            // /fw serves blocks of this size; Californium would re-split blocks larger than its preferred size
            c.set(CoapConfig.PREFERRED_BLOCK_SIZE, settings.firmwareDelivery().blockSize());
            // Deduplication keeps each answered exchange for EXCHANGE_LIFETIME (247 s) to answer retransmissions.
            // Globally, a fleet pulling firmware block by block left every block's exchange on the heap (1.27 GB
            // after 1,000 devices pulled 256 KiB); per peer, only the last few exchanges of each device are kept,
            // which is all a device that sends one request at a time (NSTART 1) can retransmit.
            c.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
            c.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, DEDUPLICATED_EXCHANGES_PER_DEVICE);
        });
        settings.coapAddress().ifPresent(a -> endpointsBuilder.addEndpoint(a, Protocol.COAP));
        settings.coapsAddress().ifPresent(a -> endpointsBuilder.addEndpoint(a, Protocol.COAPS));
        this.endpoints = endpointsBuilder.build();

        ActiveCredentialsLookup credentials = new ActiveCredentialsLookup(deviceStore);
        CredentialsSecurityStore securityStore = new CredentialsSecurityStore(credentials);
        List<ObjectModel> objectModels = ObjectModels.load(settings.modelsDir());
        LwM2mModelProvider models = new VersionedModelProvider(objectModels);
        LeshanServerBuilder lwm2mBuilder = new LeshanServerBuilder().setEndpointsProviders(endpoints)
                .setRegistrationStore(registrations).setSecurityStore(securityStore)
                .setAuthorizer(new RegistryAuthorizer(devices, credentials)).setObjectModelProvider(models)
                .setEncoder(MotehubCodecs.encoder()).setDecoder(MotehubCodecs.decoder());
        lwm2mBuilder.setLinkParser(new MemoizingLinkParser(new DefaultLwM2mLinkParser()));
        this.lwm2m = lwm2mBuilder.build();
        requireEndpoint(settings.coapAddress().isPresent(), Protocol.COAP);
        requireEndpoint(settings.coapsAddress().isPresent(), Protocol.COAPS);
        this.dispatcher = new CommandDispatcher(lwm2m, commands, new LwM2mRequests(models),
                settings.requestTimeout());
        this.snapshots = new ConnectionSnapshots(settings.dataDir().resolve("dtls"));
        LeshanRegistrationLookup registrationLookup = new LeshanRegistrationLookup(registrations);
        this.bootstrap = new DefaultBootstrapService(deviceStore, new RocksDbBootstrapStore(db), commands,
                registrationLookup, clock, settings.dmKeyBytes());
        this.provisioning = new DefaultProvisioningService(deviceStore, new RocksDbProvisioningStore(db), clock,
                settings.dmKeyBytes());
        this.bootstrapServer = !settings.bootstrapEnabled() ? null : createBootstrapServer(deviceStore, dtls);

        TelemetryStatusRecorder telemetryStatus = new TelemetryStatusRecorder(new RocksDbTelemetryStatusStore(db),
                clock);
        ProfileContentFormats formats = new ProfileContentFormats(MotehubCodecs.encoder(), MotehubCodecs.decoder());
        this.profiles = new DefaultProfileService(new RocksDbProfileStore(db), devices, new ProfileRules(
                new StaticModel(objectModels), formats.supported()), clock);
        this.firmware = createFirmwareRepository();
        RocksDbDeviceFirmwareVersions firmwareVersions = new RocksDbDeviceFirmwareVersions(db);
        this.ingestQueue = new IngestQueue(ingestWrapper.apply(new ReportedVersionTap(telemetry, firmwareVersions)),
                2, 10_000);
        TelemetryCollector collector = new TelemetryCollector(ingestQueue, telemetryStatus, clock);
        ObservationFreshness freshness = new ObservationFreshness(clock);
        this.profileObserver = new ProfileObserver(lwm2m, devices, profiles, telemetryStatus, collector, formats,
                freshness, clock, settings.requestTimeout());

        this.firmwareUpdates = new DefaultFirmwareUpdateService(new RocksDbFirmwareUpdateStore(db), devices, firmware,
                firmwareVersions, clock);
        RocksDbFirmwareLinkStore firmwareLinks = new RocksDbFirmwareLinkStore(db);
        this.firmwareDriver = new FirmwareUpdateDriver(lwm2m, firmwareUpdates, firmware, firmwareLinks,
                firmwareVersions, this::dmServerUri, settings.firmwareDelivery(), settings.requestTimeout(), clock);
        this.campaigns = new DefaultCampaignService(new RocksDbCampaignStore(db), devices, firmware, firmwareUpdates,
                firmwareVersions, clock);
        this.campaignRunner = new CampaignRunner(campaigns, CampaignRunner.DEFAULT_INTERVAL);
        endpoints.getCoapServer().add(new FirmwareDownloadResource(firmwareLinks, firmware, credentials, clock,
                endpoints.getCoapServer().getConfig(), settings.firmwareDelivery().blockSize(), firmwareDriver));

        PresenceRecorder presence = new PresenceRecorder(devices, clock);
        lwm2m.getRegistrationService().addListener(new CredentialsSwitcher(bootstrap));
        lwm2m.getRegistrationService().addListener(presence);
        DeviceContacts dispatcherContacts = new DeviceContacts(dispatcher::kick);
        lwm2m.getRegistrationService().addListener(dispatcherContacts);
        lwm2m.getPresenceService().addListener(dispatcherContacts);
        commands.addListener(dispatcher);
        devices.addListener(new DeviceEvictor(lwm2m, endpoints));
        lwm2m.getObservationService().addListener(collector);
        lwm2m.getObservationService().addListener(freshness);
        lwm2m.getSendService().addListener(collector);
        lwm2m.getRegistrationService().addListener(profileObserver);
        lwm2m.getPresenceService().addListener(profileObserver);
        profiles.addListener(profileObserver);
        firmwareUpdates.addListener(firmwareDriver);
        DeviceContacts driverContacts = new DeviceContacts(firmwareDriver::kick);
        lwm2m.getRegistrationService().addListener(driverContacts);
        lwm2m.getPresenceService().addListener(driverContacts);
        lwm2m.getObservationService().addListener(firmwareDriver);

        this.web = WebServer.builder().host(settings.httpHost()).port(settings.httpPort()).deviceService(devices)
                .commandService(commands).registrationLookup(registrationLookup)
                .objectsLookup(new LeshanObjectsLookup(registrations, models))
                .pskIdentityLookup(ep -> deviceStore.findCredentials(ep).map(c -> c.identity()))
                .bootstrapService(bootstrap).provisioningService(provisioning).health(this::healthDetails)
                .telemetry(telemetry).profileService(profiles).firmware(firmware).firmwareUpdates(firmwareUpdates)
                .uploadDir(settings.dataDir().resolve("tmp").resolve("uploads")) // emptied at each start
                .firmwareVersions(firmwareVersions).campaignService(campaigns)
                .telemetryReports(new LeshanTelemetryReports(lwm2m, devices, profiles, telemetryStatus)).build();
    }

    /** The firmware repository; trusted keys are read from their folder again for each upload. */
    private DefaultFirmwareRepository createFirmwareRepository() {
        Path keysDir = settings.firmwareKeysDir();
        TrustedKeys keys = TrustedKeys.load(keysDir);
        if (keys.isEmpty() && settings.firmwareSigning() == SigningMode.REQUIRED) {
            LOG.warn("No trusted firmware key in [{}]: every firmware upload will be refused until one is added "
                    + "(see docs/firmware.md)", keysDir.toAbsolutePath());
        } else {
            LOG.info("Firmware signing {}, trusted keys {} in [{}], images up to {} bytes",
                    settings.firmwareSigning(), keys.ids(), keysDir.toAbsolutePath(), settings.firmwareMaxBytes());
        }
        return new DefaultFirmwareRepository(new RocksDbFirmwareStore(db), new SignatureVerifier(
                () -> TrustedKeys.load(keysDir), settings.firmwareSigning()), settings.firmwareMaxBytes(),
                DefaultFirmwareRepository.DEFAULT_CACHE_BYTES, clock);
    }

    private MotehubBootstrapServer createBootstrapServer(RocksDbDeviceStore deviceStore, DtlsSettings dtls) {
        try {
            return new MotehubBootstrapServer(deviceStore, bootstrap, dtls, settings.bootstrapCoapAddress(),
                    settings.bootstrapCoapsAddress(), this::dmServerUri);
        } catch (RuntimeException e) {
            lwm2m.destroy();
            provisioning.close();
            db.close();
            throw e;
        }
    }

    /**
     * @return the DM server URI written into bootstrapping devices: {@code --public-coaps-uri}, else the CoAPS
     *         endpoint's own URI with 127.0.0.1 for a wildcard bind address (reachable from this machine only)
     */
    URI dmServerUri() {
        return settings.publicCoapsUri().orElseGet(() -> {
            URI bound = lwm2m.getEndpoint(Protocol.COAPS).getURI();
            String host = bound.getHost();
            boolean wildcard = host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::")
                    || host.equals("[0:0:0:0:0:0:0:0]");
            return wildcard ? URI.create("coaps://127.0.0.1:" + bound.getPort()) : bound;
        });
    }

    /** Leshan only logs an endpoint it fails to create; a server missing a configured endpoint must not start. */
    private void requireEndpoint(boolean configured, Protocol protocol) {
        if (configured && lwm2m.getEndpoint(protocol) == null) {
            lwm2m.destroy();
            db.close();
            throw new IllegalStateException("the " + protocol.getUriScheme()
                    + " endpoint could not be created; see the warning above");
        }
    }

    /**
     * Builds a server from {@code settings}; nothing listens until {@link #start()}.
     *
     * @throws org.motehub.model.rocksdb.StoreException if the data folder cannot be opened
     */
    public static MotehubServer create(ServerSettings settings) {
        return new MotehubServer(settings, UnaryOperator.identity());
    }

    /** As {@link #create(ServerSettings)}, with every telemetry point also going through {@code ingestWrapper}. */
    static MotehubServer create(ServerSettings settings, UnaryOperator<TelemetryIngest> ingestWrapper) {
        return new MotehubServer(settings, ingestWrapper);
    }

    /** Starts the LwM2M endpoints, the dispatcher and the web server, then logs {@code Motehub ready}. */
    public synchronized void start() {
        // restoring DTLS connections and reconciling the registry touch different things: side by side
        CompletableFuture<Integer> restoring = CompletableFuture.supplyAsync(
                () -> snapshots.load(endpoints.getCoapServer()));
        new PresenceRecorder(devices, clock).reconcile(registrations);
        presenceWriter.start();
        telemetry.start();
        retention.start();
        int restored = restoring.join();
        lwm2m.start();
        if (bootstrapServer != null) {
            bootstrapServer.start();
            URI dm = dmServerUri();
            if (settings.publicCoapsUri().isEmpty() && "127.0.0.1".equals(dm.getHost())) {
                LOG.warn("Bootstrapping devices are sent the DM server URI [{}], reachable from this machine only; "
                        + "set --public-coaps-uri to an address your devices reach", dm);
            } else {
                LOG.info("Bootstrapping devices are sent the DM server URI [{}]", dm);
            }
        }
        dispatcher.start();
        firmwareDriver.start();
        campaignRunner.start();
        web.start();
        running = true;
        for (LwM2mServerEndpoint e : lwm2m.getEndpoints()) {
            LOG.info("LwM2M endpoint listening on [{}]", e.getURI());
        }
        LOG.info("Motehub ready in {} ms: API [{}api/v1], console [{}] ({} DTLS connections restored)",
                Duration.between(startedAt, clock.instant()).toMillis(), web.uri(), web.uri(), restored);
    }

    /** Stops accepting traffic, saves DTLS connections, closes the database. Idempotent. */
    @Override
    public synchronized void close() {
        if (db.isClosed()) {
            return;
        }
        LOG.info("Motehub stopping");
        if (running) {
            web.stop();
            campaignRunner.stop();
            dispatcher.stop();
            firmwareDriver.stop();
            profileObserver.stop();
            if (bootstrapServer != null) {
                bootstrapServer.stop();
            }
            lwm2m.stop();
            ingestQueue.stop();
            snapshots.save(endpoints.getCoapServer(), SNAPSHOT_MAX_QUIET);
            running = false;
        }
        if (bootstrapServer != null) {
            bootstrapServer.destroy();
        }
        provisioning.close();
        lwm2m.destroy();
        presenceWriter.close();
        retention.close();
        telemetry.close();
        db.close();
        LOG.info("Motehub stopped");
    }

    /**
     * Stops without saving DTLS connections or flushing, as close as a JVM can get to {@code kill -9} for tests: the
     * database is closed only so that the same process can reopen it.
     */
    synchronized void crash() {
        if (db.isClosed()) {
            return;
        }
        web.stop();
        campaignRunner.stop();
        dispatcher.stop();
        firmwareDriver.stop();
        profileObserver.stop();
        if (bootstrapServer != null) {
            bootstrapServer.destroy();
        }
        provisioning.close();
        lwm2m.destroy();
        ingestQueue.abort();
        presenceWriter.halt();
        retention.close();
        telemetry.halt();
        db.close();
        running = false;
    }

    private Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("devices", devices.count());
        details.put("diskBytes", db.diskBytes());
        Map<String, Long> families = new LinkedHashMap<>();
        for (ColumnFamily cf : ColumnFamily.values()) {
            families.put(cf.cfName(), db.diskBytes(cf));
        }
        details.put("diskBytesByColumnFamily", families);
        details.put("telemetry", telemetry.stats());
        for (LwM2mServerEndpoint e : lwm2m.getEndpoints()) {
            details.put(e.getProtocol().getUriScheme(), e.getURI().toString());
        }
        if (bootstrapServer != null) {
            bootstrapServer.uris().forEach(u -> details.put("bootstrap-" + u.getScheme(), u.toString()));
        }
        return details;
    }

    /** @return the base URI of the HTTP API and console. */
    public URI httpUri() {
        return web.uri();
    }

    /** @return the URI of the LwM2M endpoint for {@code protocol}, e.g. CoAPS. */
    public URI lwm2mUri(Protocol protocol) {
        return lwm2m.getEndpoint(protocol).getURI();
    }

    public DeviceService devices() {
        return devices;
    }

    public BootstrapService bootstrap() {
        return bootstrap;
    }

    /** @return the URI of the bootstrap endpoint for {@code protocol}, if the bootstrap server runs it. */
    public java.util.Optional<URI> bootstrapUri(Protocol protocol) {
        return bootstrapServer == null ? java.util.Optional.empty() : bootstrapServer.uri(protocol);
    }

    public CommandService commands() {
        return commands;
    }

    /** @return the time series; the LwM2M side hands it every value through {@code ingest(endpoint, points)}. */
    public TelemetryService telemetry() {
        return telemetry;
    }

    /** @return the durable per-device firmware updates the update driver executes. */
    public FirmwareUpdateService firmwareUpdates() {
        return firmwareUpdates;
    }

    /** @return the device profiles. */
    /** @return the firmware campaigns. */
    public DefaultCampaignService campaigns() {
        return campaigns;
    }

    public ProfileService profiles() {
        return profiles;
    }

    /** @return the firmware repository (uploads, images for delivery, usage checks for delete). */
    public FirmwareRepository firmware() {
        return firmware;
    }

    /** @return the Leshan server, for integration tests that check LwM2M state directly. */
    public LeshanServer lwm2m() {
        return lwm2m;
    }

    public ServerSettings settings() {
        return settings;
    }
}
