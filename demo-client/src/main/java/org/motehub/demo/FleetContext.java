// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.engine.RegistrationEngineFactory;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.motehub.demo.firmware.FirmwareUpdateObject;

/**
 * What all devices of a running fleet share: settings, the object model, Californium's configuration, the thread pools
 * and the registration tracker. Built once per {@link DemoFleet#start()}, so that a device costs only its own state.
 *
 * @param lifetime the registration lifetime
 * @param sensorPeriod how often sensors take a new value
 * @param model LwM2M core objects plus IPSO 3303/3304, parsed once
 * @param engineFactory Leshan's registration engine settings (queue mode, retry time)
 * @param protocolProvider CoAP or CoAPS, matching the server URI
 * @param coapConfiguration Californium's configuration, built explicitly (never {@code Configuration.getStandard()})
 * @param executors the shared thread pools
 * @param tracker the registration tracker
 * @param clock the time source of the devices' Current Time
 * @param bootstrap true when devices know only their bootstrap server and get their DM server from it
 * @param firmware the firmware settings (object 5)
 */
record FleetContext(Duration lifetime, Duration sensorPeriod, LwM2mModel model, RegistrationEngineFactory engineFactory,
        ClientProtocolProvider protocolProvider, Configuration coapConfiguration, FleetExecutors executors,
        RegistrationTracker tracker, Clock clock, boolean bootstrap, FleetFirmware firmware) {

    /** How long a device waits before registering again after a failure (Leshan's default is 10 minutes). */
    static final Duration RETRY_WAITING_TIME = Duration.ofMinutes(1);

    FleetContext {
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(sensorPeriod, "sensorPeriod");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(engineFactory, "engineFactory");
        Objects.requireNonNull(protocolProvider, "protocolProvider");
        Objects.requireNonNull(coapConfiguration, "coapConfiguration");
        Objects.requireNonNull(executors, "executors");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(firmware, "firmware");
    }

    /**
     * Derives the shared parts of a fleet from its settings.
     *
     * @param secure true for a {@code coaps://} server
     * @param lifetime the registration lifetime
     * @param sensorPeriod how often sensors take a new value
     * @param queueMode true to register in queue mode
     * @param executors the shared thread pools
     * @param tracker the registration tracker
     * @param bootstrap true when devices start from their bootstrap server
     * @param firmware the firmware settings
     * @return a new context
     */
    static FleetContext create(boolean secure, Duration lifetime, Duration sensorPeriod, boolean queueMode,
            FleetExecutors executors, RegistrationTracker tracker, boolean bootstrap, FleetFirmware firmware) {
        DefaultRegistrationEngineFactory engineFactory = new DefaultRegistrationEngineFactory() //
                .setQueueMode(queueMode) //
                .setRetryWaitingTimeInMs((int) RETRY_WAITING_TIME.toMillis());
        ClientProtocolProvider protocolProvider = secure
                ? new SharedExecutorCoapsClientProtocolProvider(executors.protocol())
                : new CoapClientProtocolProvider();
        // a server may push a firmware package to /5/0/0 by Block1: accept bodies up to 16 MiB
        Configuration configuration = FirmwareUpdateObject.allowLargePackages(
                new CaliforniumClientEndpointsProvider.Builder(protocolProvider).createDefaultConfiguration());
        return new FleetContext(lifetime, sensorPeriod, new StaticModel(IpsoObjectModels.withDefaults()),
                engineFactory, protocolProvider, configuration, executors, tracker, Clock.systemUTC(), bootstrap,
                firmware);
    }
}
