// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.request.BindingMode;
import org.motehub.demo.firmware.FirmwareUpdateObject;
import org.motehub.demo.firmware.InstalledFirmware;
import org.motehub.server.objects.ObjectModels;

/**
 * A real Leshan client with the demo device's Firmware Update object (5): it pulls over CoAPS with its own DM PSK or
 * takes a push, checks the image, "flashes" it and reboots (re-registers). Tests set where it fails.
 */
final class FirmwareDevice implements AutoCloseable {

    static final String TYPE = "demo-sensor";

    final String endpoint;
    final InstalledFirmware installed;
    final FirmwareUpdateObject firmware;
    final LeshanClient client;
    /** Every version the device installed, in order. */
    final List<String> installs = new CopyOnWriteArrayList<>();

    FirmwareDevice(URI serverUri, String endpoint, byte[] key, String version,
            UnaryOperator<FirmwareUpdateObject.Builder> settings) {
        this.endpoint = endpoint;
        this.installed = new InstalledFirmware(TYPE, version);
        installed.addListener(installs::add);
        this.firmware = settings.apply(FirmwareUpdateObject.builder(installed).endpoint(endpoint)).build();
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectModels.bundled()));
        init.setInstancesForObject(LwM2mId.SECURITY, Security.psk(serverUri.toString(), 123,
                (endpoint + "-id").getBytes(UTF_8), key));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 300, EnumSet.of(BindingMode.U), false,
                BindingMode.U));
        init.setInstancesForObject(LwM2mId.DEVICE, installed.deviceObject("Motehub Test", endpoint));
        init.setInstancesForObject(LwM2mId.FIRMWARE, firmware);
        init.setFactoryForObject(LwM2mId.DEVICE, FirmwareUpdateObject.singleInstance());
        init.setFactoryForObject(LwM2mId.FIRMWARE, FirmwareUpdateObject.singleInstance());
        List<LwM2mObjectEnabler> objects = init.create(LwM2mId.SECURITY, LwM2mId.SERVER, LwM2mId.DEVICE,
                LwM2mId.FIRMWARE);
        CaliforniumClientEndpointsProvider.Builder endpoints = new CaliforniumClientEndpointsProvider.Builder(
                new CoapsClientProtocolProvider());
        Configuration configuration = FirmwareUpdateObject.allowLargePackages(endpoints.createDefaultConfiguration());
        this.client = new LeshanClientBuilder(endpoint).setObjects(objects)
                .setRegistrationEngineFactory(new DefaultRegistrationEngineFactory().setRequestTimeoutInMs(5_000)
                        .setRetryWaitingTimeInMs(1_000))
                .setEndpointsProviders(endpoints.setConfiguration(configuration).build()).build();
    }

    FirmwareDevice start() {
        client.start();
        return this;
    }

    @Override
    public void close() {
        firmware.close();
        client.destroy(false);
    }
}
