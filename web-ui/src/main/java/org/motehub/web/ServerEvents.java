// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import org.motehub.model.campaign.CampaignService;
import org.motehub.model.firmware.FirmwareUpdateService;
import org.motehub.model.telemetry.TelemetryService;
import org.motehub.web.api.campaign.CampaignView;
import org.motehub.web.events.EventHub;
import org.motehub.web.events.TelemetryEvents;

/**
 * Feeds the server-sent events of {@code /api/v1/events}: opens a fresh {@link EventHub} for each run of a
 * {@link WebServer} and connects the telemetry, campaign and firmware-update listeners to it. Not thread-safe; the
 * server calls it under its own lock.
 */
final class ServerEvents {

    /** Events that may wait for the SSE thread before new ones are dropped. */
    private static final int EVENT_QUEUE = 10_000;

    private final TelemetryService telemetry;
    private final CampaignService campaignService;
    private final FirmwareUpdateService firmwareUpdates;
    private boolean firmwareEventsRegistered;
    private EventHub events;
    private TelemetryEvents telemetryEvents;

    ServerEvents(WebCollaborators c) {
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
        registerFirmwareEvents();
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
}
