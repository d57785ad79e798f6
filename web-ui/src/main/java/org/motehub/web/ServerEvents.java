// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import java.time.Instant;

import org.motehub.model.campaign.CampaignService;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceListener;
import org.motehub.model.device.DeviceService;
import org.motehub.model.device.DeviceState;
import org.motehub.model.device.PresenceChange;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.telemetry.TelemetryService;
import org.motehub.web.api.campaign.CampaignView;
import org.motehub.web.events.EventHub;
import org.motehub.web.events.TelemetryEvents;

/**
 * Feeds the server-sent events of {@code /api/v1/events}: opens a fresh {@link EventHub} for each run of a
 * {@link WebServer} and connects the telemetry, device, campaign and firmware-update listeners to it. Not thread-safe;
 * the server calls it under its own lock.
 */
final class ServerEvents {

    /** Events that may wait for the SSE thread before new ones are dropped. */
    private static final int EVENT_QUEUE = 10_000;

    /** The data of a {@code presence} event. */
    record PresenceData(String endpoint, PresenceChange change, boolean online, Instant lastSeen) {
    }

    /** The data of a {@code state} event. */
    record StateData(String endpoint, DeviceState previous, DeviceState state) {
    }

    private final DeviceService devices;
    private final TelemetryService telemetry;
    private final CampaignService campaignService;
    private final FirmwareUpdateService firmwareUpdates;
    private boolean serviceEventsRegistered;
    private EventHub events;
    private TelemetryEvents telemetryEvents;

    ServerEvents(WebCollaborators c) {
        this.devices = c.deviceService();
        this.telemetry = c.telemetry();
        this.campaignService = c.campaignService();
        this.firmwareUpdates = c.firmwareUpdates();
    }

    /** @return a new hub for the run being started, which receives the events from then on */
    EventHub open() {
        events = new EventHub(EVENT_QUEUE);
        return events;
    }

    /** Connects the listeners once the server serves; the firmware ones only on the first run. */
    void connect() {
        if (telemetry != null) {
            telemetryEvents = new TelemetryEvents(events);
            telemetry.addListener(telemetryEvents);
        }
        registerServiceEvents();
    }

    /** Closes the hub of a run that failed to start. */
    void abort() {
        events.close();
    }

    /** Disconnects the telemetry listener and closes the hub, ending the event streams that would hold a stop up. */
    void close() {
        if (telemetryEvents != null) {
            telemetry.removeListener(telemetryEvents);
            telemetryEvents = null;
        }
        events.close();
    }

    /**
     * Publishes {@code presence}, {@code state}, {@code campaign} and {@code firmwareUpdate} events; the services
     * cannot drop listeners, so once, and each event goes to the hub of the run then serving.
     */
    private void registerServiceEvents() {
        if (serviceEventsRegistered) {
            return;
        }
        serviceEventsRegistered = true;
        if (devices != null) {
            devices.addListener(new DeviceListener() {
                @Override
                public void stateChanged(Device device, DeviceState previous) {
                    publish("state", device.endpoint(), new StateData(device.endpoint(), previous, device.state()));
                }

                @Override
                public void presenceChanged(Device device, PresenceChange change) {
                    publish("presence", device.endpoint(),
                            new PresenceData(device.endpoint(), change, device.online(), device.lastSeen()));
                }
            });
        }
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
}
