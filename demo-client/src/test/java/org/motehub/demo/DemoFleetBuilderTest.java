// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class DemoFleetBuilderTest {

    private static final URI COAPS = URI.create("coaps://127.0.0.1:5684");
    private static final byte[] KEY = { 1, 2, 3, 4 };

    @Test
    void defaults_give_ten_devices_named_demo_0001_to_demo_0010() {
        DemoFleet fleet = DemoFleet.builder().serverUri(COAPS).pskKey(KEY).build();

        assertThat(fleet.endpoints()).hasSize(10).startsWith("demo-0001", "demo-0002").endsWith("demo-0010");
        assertThat(fleet.pskIdentity("demo-0007")).contains("demo-0007");
        assertThat(fleet.pskKey("demo-0007")).hasValueSatisfying(key -> assertThat(key).isEqualTo(KEY));
        assertThat(fleet.registeredCount()).isZero();
    }

    @Test
    void endpoints_are_zero_padded_to_at_least_four_digits() {
        DemoFleet fleet = DemoFleet.builder().serverUri(COAPS).pskKey(KEY).devices(3).startIndex(9998).build();

        assertThat(fleet.endpoints()).containsExactly("demo-9998", "demo-9999", "demo-10000");
    }

    @Test
    void identity_prefix_replaces_the_endpoint_prefix_with_the_same_suffix() {
        DemoFleet fleet = DemoFleet.builder().serverUri(COAPS).pskKey(KEY).endpointPrefix("sensor-")
                .pskIdentityPrefix("id-").build();

        assertThat(fleet.pskIdentity("sensor-0003")).contains("id-0003");
    }

    @Test
    void seed_gives_each_device_its_derived_key() {
        byte[] seed = { 42, 43 };
        DemoFleet fleet = DemoFleet.builder().serverUri(COAPS).pskSeed(seed).devices(2).build();

        assertThat(fleet.pskKey("demo-0001").orElseThrow()).isEqualTo(PskKeys.derive(seed, "demo-0001"));
        assertThat(fleet.pskKey("demo-0002").orElseThrow()).isEqualTo(PskKeys.derive(seed, "demo-0002"));
    }

    @Test
    void default_port_is_filled_in() {
        assertThat(DemoFleet.builder().serverUri(URI.create("coaps://localhost")).pskKey(KEY).build().serverUri())
                .isEqualTo(URI.create("coaps://localhost:5684"));
        assertThat(DemoFleet.builder().serverUri(URI.create("coap://localhost")).build().serverUri())
                .isEqualTo(URI.create("coap://localhost:5683"));
    }

    @Test
    void plain_coap_has_no_credentials() {
        DemoFleet fleet = DemoFleet.builder().serverUri(URI.create("coap://127.0.0.1:5683")).devices(1).build();

        assertThat(fleet.pskIdentity("demo-0001")).isEmpty();
        assertThat(fleet.pskKey("demo-0001")).isEmpty();
    }

    @Test
    void missing_server_uri_is_refused() {
        assertThatThrownBy(() -> DemoFleet.builder().pskKey(KEY).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("serverUri");
    }

    @Test
    void unknown_scheme_is_refused() {
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(URI.create("http://localhost")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverUri");
    }

    @Test
    void coaps_without_key_or_seed_is_refused() {
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(COAPS).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pskKey")
                .hasMessageContaining("neither");
    }

    @Test
    void coaps_with_both_key_and_seed_is_refused() {
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(COAPS).pskKey(KEY).pskSeed(KEY).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("both");
    }

    @Test
    void coap_with_a_key_is_refused() {
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(URI.create("coap://localhost")).pskKey(KEY).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("coaps://");
    }

    @Test
    void empty_key_is_refused() {
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(COAPS).pskKey(new byte[0]).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pskKey");
    }

    @Test
    void out_of_range_values_are_refused_naming_the_setting() {
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(COAPS).pskKey(KEY).devices(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("devices");
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(COAPS).pskKey(KEY).startIndex(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startIndex");
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(COAPS).pskKey(KEY).lifetime(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lifetime");
        assertThatThrownBy(() -> DemoFleet.builder().serverUri(COAPS).pskKey(KEY).sensorPeriod(Duration.ZERO)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sensorPeriod");
    }

    @Test
    void key_is_copied_so_later_changes_do_not_leak_in() {
        byte[] key = { 1, 2, 3 };
        DemoFleet fleet = DemoFleet.builder().serverUri(COAPS).pskKey(key).devices(1).build();
        key[0] = 99;

        assertThat(fleet.pskKey("demo-0001").orElseThrow()).containsExactly(1, 2, 3);
    }

    @Test
    void unknown_endpoint_is_refused() {
        DemoFleet fleet = DemoFleet.builder().serverUri(COAPS).pskKey(KEY).devices(1).build();

        assertThatThrownBy(() -> fleet.pskKey("demo-0002")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_stopped_fleet_cannot_start() throws InterruptedException {
        DemoFleet fleet = DemoFleet.builder().serverUri(COAPS).pskKey(KEY).devices(1).build();
        fleet.close();

        assertThatThrownBy(fleet::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
        assertThat(fleet.awaitRegistered(Duration.ofSeconds(5))).isFalse();
    }
}
