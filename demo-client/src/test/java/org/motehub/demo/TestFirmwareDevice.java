// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
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

/**
 * A plain Leshan client with a Device object and the demo {@link FirmwareUpdateObject}, built the way a test device
 * outside the fleet (such as the server's TestDevice) plugs the object in: default credentials (its own Security
 * object) and default reboot (restart of its own client).
 */
final class TestFirmwareDevice implements AutoCloseable {

    final String endpoint;
    final InstalledFirmware installed;
    final FirmwareUpdateObject firmware;
    final LeshanClient client;

    TestFirmwareDevice(URI serverUri, String endpoint, byte[] key, String version,
            UnaryOperator<FirmwareUpdateObject.Builder> settings) {
        this.endpoint = endpoint;
        this.installed = new InstalledFirmware("demo-sensor", version);
        this.firmware = settings.apply(FirmwareUpdateObject.builder(installed).endpoint(endpoint)).build();
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(IpsoObjectModels.withDefaults()));
        init.setInstancesForObject(LwM2mId.SECURITY,
                Security.psk(serverUri.toString(), 123, endpoint.getBytes(UTF_8), key));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 300, EnumSet.of(BindingMode.U), false,
                BindingMode.U));
        init.setInstancesForObject(LwM2mId.DEVICE, installed.deviceObject("Motehub", endpoint));
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

    TestFirmwareDevice start() {
        client.start();
        return this;
    }

    @Override
    public void close() {
        firmware.close();
        client.destroy(false);
    }
}
