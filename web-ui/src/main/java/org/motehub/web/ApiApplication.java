// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import org.glassfish.jersey.inject.hk2.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.media.multipart.MultiPartProperties;
import org.glassfish.jersey.media.sse.SseFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.motehub.model.bootstrap.BootstrapService;
import org.motehub.model.campaign.CampaignService;
import org.motehub.model.command.CommandService;
import org.motehub.model.device.DeviceService;
import org.motehub.model.firmware.FirmwareRepository;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.objects.DeviceObjectsLookup;
import org.motehub.model.profile.ProfileService;
import org.motehub.model.provisioning.ProvisioningService;
import org.motehub.model.registration.RegistrationLookup;
import org.motehub.model.telemetry.TelemetryService;
import org.motehub.web.api.bootstrap.BootstrapProfileResource;
import org.motehub.web.api.bootstrap.CredentialsResource;
import org.motehub.web.api.campaign.CampaignResource;
import org.motehub.web.api.command.CommandResource;
import org.motehub.web.api.device.DeviceFirmware;
import org.motehub.web.api.device.DeviceObjectsResource;
import org.motehub.web.api.device.DeviceResource;
import org.motehub.web.api.device.PskIdentityLookup;
import org.motehub.web.api.firmware.FirmwareFormReader;
import org.motehub.web.api.firmware.FirmwareResource;
import org.motehub.web.api.firmware.FirmwareUpdateResource;
import org.motehub.web.api.firmware.FirmwareUploadLimit;
import org.motehub.web.api.firmware.UploadSpool;
import org.motehub.web.api.health.HealthResource;
import org.motehub.web.api.health.HealthSource;
import org.motehub.web.api.profile.DeviceProfiles;
import org.motehub.web.api.profile.ProfileResource;
import org.motehub.web.api.provisioning.ProvisioningResource;
import org.motehub.web.api.telemetry.FleetTelemetryResource;
import org.motehub.web.api.telemetry.TelemetryResource;
import org.motehub.web.console.ConsoleResource;
import org.motehub.web.events.EventHub;
import org.motehub.web.events.EventsResource;
import org.motehub.web.json.ObjectMapperResolver;
import org.motehub.web.problem.JsonExceptionMapper;
import org.motehub.web.problem.MotehubExceptionMapper;
import org.motehub.web.problem.UnexpectedExceptionMapper;
import org.motehub.web.problem.WebApplicationExceptionMapper;

/**
 * Assembles the Jersey application of a {@link WebServer}: the JSON and problem+json providers, the binder handing
 * the collaborators to the resources, and the resources, an optional one only when its collaborator was given.
 */
final class ApiApplication {

    private ApiApplication() {
    }

    /**
     * @param c the collaborators to bind
     * @param events the event hub of this run, for {@code /api/v1/events}
     * @param startedNanos when this run started, for the uptime in {@code /api/v1/health}
     * @return a new application, one per start
     */
    static ResourceConfig create(WebCollaborators c, EventHub events, long startedNanos) {
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
        rc.register(binder(c, events, startedNanos));
        rc.register(DeviceResource.class);
        rc.register(DeviceObjectsResource.class);
        rc.register(CommandResource.class);
        rc.register(CredentialsResource.class);
        rc.register(ProvisioningResource.class);
        rc.register(BootstrapProfileResource.class);
        rc.register(HealthResource.class);
        rc.register(ConsoleResource.class);
        rc.register(SseFeature.class);
        // Jersey registers its MultiPartFeature by itself: its reader must never spool (or test) a file in the system
        // temporary folder; firmware uploads are read by FirmwareFormReader
        rc.register(new MultiPartProperties().bufferThreshold(MultiPartProperties.BUFFER_THRESHOLD_MEMORY_ONLY)
                .resolver());
        rc.register(EventsResource.class);
        if (c.telemetry() != null) {
            rc.register(TelemetryResource.class);
            rc.register(FleetTelemetryResource.class);
        }
        if (c.profileService() != null) {
            rc.register(ProfileResource.class);
        }
        if (c.firmwareUpdates() != null) {
            rc.register(FirmwareUpdateResource.class);
        }
        if (c.firmware() != null) {
            // before Jersey's own reader, which left spooled parts behind when reading failed
            rc.register(FirmwareFormReader.class);
            rc.register(FirmwareUploadLimit.class);
            rc.register(FirmwareResource.class);
        }
        if (c.campaignService() != null) {
            rc.register(CampaignResource.class);
        }
        return rc;
    }

    private static AbstractBinder binder(WebCollaborators c, EventHub events, long startedNanos) {
        return new AbstractBinder() {
            @Override
            protected void configure() {
                bind(c.deviceService()).to(DeviceService.class);
                bind(c.commandService()).to(CommandService.class);
                bind(c.registrationLookup()).to(RegistrationLookup.class);
                bind(c.objectsLookup()).to(DeviceObjectsLookup.class);
                bind(c.pskIdentityLookup()).to(PskIdentityLookup.class);
                bind(c.bootstrapService()).to(BootstrapService.class);
                bind(c.provisioningService()).to(ProvisioningService.class);
                bind(new HealthSource(startedNanos, c.health())).to(HealthSource.class);
                bind(events).to(EventHub.class);
                if (c.telemetry() != null) {
                    bind(c.telemetry()).to(TelemetryService.class);
                }
                bind(new DeviceProfiles(c.profileService(), c.telemetryReports())).to(DeviceProfiles.class);
                bind(new DeviceFirmware(c.firmwareVersions(), c.firmware())).to(DeviceFirmware.class);
                if (c.profileService() != null) {
                    bind(c.profileService()).to(ProfileService.class);
                }
                if (c.firmwareUpdates() != null) {
                    bind(c.firmwareUpdates()).to(FirmwareUpdateService.class);
                }
                if (c.firmware() != null) {
                    bind(c.firmware()).to(FirmwareRepository.class);
                    bind(new UploadSpool(c.uploadDir())).to(UploadSpool.class);
                }
                if (c.campaignService() != null) {
                    bind(c.campaignService()).to(CampaignService.class);
                }
            }
        };
    }
}
