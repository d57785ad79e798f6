// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.request.BindingMode;
import org.motehub.demo.firmware.FirmwareUpdateObject;
import org.motehub.demo.firmware.InstalledFirmware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device: builds its {@link LeshanClient} with the Security, Server, Device, Firmware Update,
 * Temperature and Humidity objects, wires it to the fleet's shared executors, and drives its sensors.
 * <p>
 * A server's Create on 3303 or 3304 adds an instance that answers reads but keeps its first value: the simulated
 * hardware has one sensor of each kind.
 */
final class SimulatedDevice {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);

    /** Short server id of the one LwM2M server, in the Security (0) and Server (1) objects. */
    static final int SHORT_SERVER_ID = 123;
    static final Duration BATTERY_DRAIN_PERIOD = Duration.ofMinutes(1);
    /** Delay between answering a Reboot and doing it, so that the server gets its response first. */
    private static final Duration REBOOT_DELAY = Duration.ofMillis(500);

    private final String endpoint;
    private final FleetContext context;
    private final DeviceObject device;
    private final FirmwareUpdateObject firmware;
    private final TemperatureSensor temperature;
    private final HumiditySensor humidity;
    private final LeshanClient client;
    private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
    private boolean destroyed;

    /**
     * Builds the device; nothing is bound or sent before {@link #start()}.
     *
     * @param endpoint the LwM2M endpoint name
     * @param security the Security object instance (server URI and credentials; a bootstrap account when the fleet
     *        bootstraps)
     * @param context what the fleet's devices share
     * @param index the device's 0-based position in the fleet (picks the devices that fail updates on purpose)
     * @throws NullPointerException if an argument is null
     */
    SimulatedDevice(String endpoint, Security security, FleetContext context, int index) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.context = Objects.requireNonNull(context, "context");
        Objects.requireNonNull(security, "security");
        InstalledFirmware installed = context.firmware().newInstalledFirmware();
        this.device = new DeviceObject(endpoint, context.clock(), this::scheduleReboot, installed);
        // the object waits for its notifications to leave, then asks for the reboot: do it on the Leshan pool
        this.firmware = context.firmware().newObject(endpoint, index, installed, context.executors().firmware(),
                () -> context.executors().leshan().execute(this::reboot));
        this.temperature = new TemperatureSensor(endpoint, 0);
        this.humidity = new HumiditySensor(endpoint, 0);

        ObjectsInitializer initializer = new ObjectsInitializer(context.model());
        initializer.setInstancesForObject(LwM2mId.SECURITY, security);
        if (context.bootstrap()) {
            // a factory-fresh device: no DM server until the bootstrap server writes one
            initializer.setClassForObject(LwM2mId.SERVER, Server.class);
        } else {
            initializer.setInstancesForObject(LwM2mId.SERVER, new Server(SHORT_SERVER_ID,
                    context.lifetime().toSeconds(), EnumSet.of(BindingMode.U), false, BindingMode.U));
        }
        initializer.setInstancesForObject(LwM2mId.DEVICE, device);
        initializer.setInstancesForObject(LwM2mId.FIRMWARE, firmware);
        initializer.setFactoryForObject(LwM2mId.FIRMWARE, FirmwareUpdateObject.singleInstance());
        initializer.setInstancesForObject(IpsoObjectModels.TEMPERATURE, temperature);
        initializer.setInstancesForObject(IpsoObjectModels.HUMIDITY, humidity);
        // Leshan wants a factory for a server's Create; created sensors answer reads but keep their first value
        initializer.setFactoryForObject(LwM2mId.DEVICE, SimulatedDevice::refuseDeviceCreation);
        initializer.setFactoryForObject(IpsoObjectModels.TEMPERATURE,
                (model, id, used) -> created(new TemperatureSensor(endpoint, newId(id, used)), model));
        initializer.setFactoryForObject(IpsoObjectModels.HUMIDITY,
                (model, id, used) -> created(new HumiditySensor(endpoint, newId(id, used)), model));
        List<LwM2mObjectEnabler> objects = initializer.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE,
                LwM2mId.FIRMWARE, IpsoObjectModels.TEMPERATURE, IpsoObjectModels.HUMIDITY);

        CaliforniumClientEndpointsProvider endpoints = new CaliforniumClientEndpointsProvider.Builder(
                context.protocolProvider()).setConfiguration(context.coapConfiguration()).build();
        this.client = new LeshanClientBuilder(endpoint) //
                .setObjects(objects) //
                .setEndpointsProviders(endpoints) //
                .setRegistrationEngineFactory(context.engineFactory()) //
                .setSharedExecutor(context.executors().leshan()) //
                .build();
        // LeshanClientBuilder.setSharedExecutor does not reach Californium: without this, each CoapServer starts its
        // own "main" and "secondary" pools. Detached (true): destroying the client does not shut the shared pool down.
        ScheduledExecutorService protocol = context.executors().protocol();
        endpoints.getCoapServer().setExecutors(protocol, protocol, true);
        client.addObserver(context.tracker().observerFor(endpoint));
    }

    /** Returns the LwM2M endpoint name. */
    String endpoint() {
        return endpoint;
    }

    /**
     * Starts the client (it registers in the background on the shared Leshan executor) and the sensor ticks.
     *
     * @throws IllegalStateException if the device was destroyed
     */
    synchronized void start() {
        if (destroyed) {
            throw new IllegalStateException("device " + endpoint + " is destroyed");
        }
        client.start();
        ScheduledExecutorService sensors = context.executors().sensors();
        long period = context.sensorPeriod().toNanos();
        // spread the ticks of many devices over the period instead of firing them all at once
        long firstDelay = ThreadLocalRandom.current().nextLong(period);
        ticks.add(sensors.scheduleAtFixedRate(this::sampleSensors, firstDelay, period, TimeUnit.NANOSECONDS));
        long drain = BATTERY_DRAIN_PERIOD.toNanos();
        ticks.add(sensors.scheduleAtFixedRate(this::drainBattery, drain, drain, TimeUnit.NANOSECONDS));
        LOG.debug("device [{}] started", endpoint);
    }

    /**
     * Stops the sensors and destroys the client, releasing its socket and receiver thread. Idempotent.
     *
     * @param deregister true to send a deregister request first (waits for the answer, up to 1 s)
     */
    void destroy(boolean deregister) {
        synchronized (this) {
            if (destroyed) {
                return;
            }
            destroyed = true;
            ticks.forEach(tick -> tick.cancel(false));
            ticks.clear();
        }
        firmware.close();
        client.destroy(deregister);
        LOG.debug("device [{}] destroyed [deregister={}]", endpoint, deregister);
    }

    private static LwM2mInstanceEnabler refuseDeviceCreation(ObjectModel model, Integer id, Collection<Integer> used) {
        // unreachable through LwM2M: Leshan answers 4.00 to a Create on the existing single Device instance
        throw new IllegalStateException("the Device object has exactly one instance");
    }

    private static int newId(Integer requested, Collection<Integer> used) {
        return requested != null ? requested : BaseInstanceEnablerFactory.generateNewInstanceId(used);
    }

    private static LwM2mInstanceEnabler created(LwM2mInstanceEnabler instance, ObjectModel model) {
        instance.setModel(model);
        return instance;
    }

    private void sampleSensors() {
        // an exception would silently cancel the periodic task: log it and keep ticking
        try {
            temperature.sample(ThreadLocalRandom.current());
            humidity.sample(ThreadLocalRandom.current());
        } catch (RuntimeException e) {
            LOG.error("device [{}] sensor tick failed", endpoint, e);
        }
    }

    private void drainBattery() {
        try {
            device.drainBattery();
        } catch (RuntimeException e) {
            LOG.error("device [{}] battery tick failed", endpoint, e);
        }
    }

    private void scheduleReboot() {
        context.executors().leshan().schedule(this::reboot, REBOOT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void reboot() {
        if (destroyed) {
            return;
        }
        LOG.info("device [{}] rebooting: deregister, then register again", endpoint);
        try {
            client.stop(true);
            client.start();
        } catch (RuntimeException e) {
            LOG.error("device [{}] reboot failed", endpoint, e);
        }
    }
}
