// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.motehub.model.command.CommandService;
import org.motehub.model.device.DeviceService;
import org.motehub.model.objects.DeviceObjectsLookup;

/** Building, starting and stopping the server, without touching its resources. */
class WebServerTest {

    @Test
    void build_names_every_missing_collaborator() {
        assertThatThrownBy(() -> WebServer.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("deviceService", "commandService", "registrationLookup", "objectsLookup",
                        "pskIdentityLookup", "bootstrapService", "provisioningService");
        assertThatThrownBy(() -> complete().deviceService(null).build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("WebServer needs deviceService");
    }

    @Test
    void port_outside_the_tcp_range_is_refused() {
        assertThatThrownBy(() -> WebServer.builder().port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebServer.builder().port(65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uri_and_port_are_known_only_once_started() {
        WebServer server = complete().port(0).build();

        assertThatThrownBy(server::uri).isInstanceOf(IllegalStateException.class);
        server.start();
        try {
            assertThat(server.port()).isPositive();
            assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        } finally {
            server.stop();
        }
        server.stop();
        assertThatThrownBy(server::uri).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stop_releases_the_port_and_the_server_can_start_again() throws Exception {
        WebServer server = complete().port(0).build();
        server.start();
        int port = server.port();
        server.stop();

        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
        server.start();
        try {
            assertThat(server.port()).isPositive();
        } finally {
            server.stop();
        }
    }

    @Test
    void a_port_in_use_fails_start_with_a_clear_message() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            WebServer server = complete().port(taken.getLocalPort()).build();

            assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(server::uri).isInstanceOf(IllegalStateException.class);
        }
    }

    private static WebServer.Builder complete() {
        return WebServer.builder().deviceService(stub(DeviceService.class)).commandService(stub(CommandService.class))
                .registrationLookup(e -> Optional.empty()).objectsLookup(stub(DeviceObjectsLookup.class))
                .pskIdentityLookup(e -> Optional.empty())
                .bootstrapService(stub(org.motehub.model.bootstrap.BootstrapService.class))
                .provisioningService(stub(org.motehub.model.provisioning.ProvisioningService.class));
    }

    /** A service that refuses every call but the listener registration a started server makes for its events. */
    private static <T> T stub(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(WebServerTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().equals("addListener")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
    }
}
