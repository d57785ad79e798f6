// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.GoneException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.credentials.PskCredentials;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.rocksdb.RocksDbProvisioningStore;

/** Bulk provisioning on real RocksDB: all or nothing, every bad row named, generated keys handed out once. */
class DefaultProvisioningServiceTest {

    private static final String HEADER = "endpoint,name,type,bootstrapIdentity,bootstrapKey\n";

    @TempDir
    Path dir;
    private MotehubDb db;
    private RocksDbDeviceStore devices;
    private DefaultProvisioningService service;

    @BeforeEach
    void open() {
        db = MotehubDb.open(dir);
        devices = new RocksDbDeviceStore(db);
        service = new DefaultProvisioningService(devices, new RocksDbProvisioningStore(db), Clock.systemUTC(), 16);
    }

    @AfterEach
    void close() {
        service.close();
        db.close();
    }

    private static String manifest(int rows) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < rows; i++) {
            csv.append(String.format("dev-%05d,Sensor %d,meter,,%s%n", i, i, i % 2 == 0 ? ""
                    : "00112233445566778899aabbcc" + String.format("%06x", i)));
        }
        return csv.toString();
    }

    private ProvisioningBatch finished(ProvisioningBatch batch) {
        await().atMost(Duration.ofSeconds(30)).until(() -> service.get(batch.id()).state()
                != ProvisioningBatch.State.RUNNING);
        return service.get(batch.id());
    }

    @Test
    void ten_thousand_rows_with_one_bad_key_create_nothing_and_name_the_line_and_column() {
        String csv = manifest(10_000).replace("dev-04711,Sensor 4711,meter,,00112233445566778899aabbcc001267",
                "dev-04711,Sensor 4711,meter,,00112233445566778899aabbcc00126z");

        assertThatThrownBy(() -> service.submit(csv.getBytes(UTF_8), ManifestFormat.CSV))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.errors()).containsExactly(new FieldError("bootstrapKey",
                            "must be hexadecimal with an even number of digits", 4713));
                    assertThat(e.getMessage()).contains("1 problem").contains("nothing was created");
                });
        assertThat(devices.count()).isZero();
    }

    @Test
    void every_bad_row_is_listed_duplicates_inside_the_file_included() {
        String csv = HEADER + "a,A,,,\n" + "a,Again,,,\n" + "b,  ,,,\n" + "c/d,C,,,\n" + "e,E,bad type!,a,\n"
                + "f,F,,,0011\n";

        assertThatThrownBy(() -> service.submit(csv.getBytes(UTF_8), ManifestFormat.CSV))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(f -> f.line() + ":" + f.field()).containsExactly("3:endpoint",
                                "3:bootstrapIdentity", "4:name", "5:endpoint", "6:type", "6:bootstrapIdentity",
                                "7:bootstrapKey"));
        assertThat(devices.count()).isZero();
    }

    @Test
    void rows_clashing_with_stored_devices_are_a_conflict_listing_each_line() {
        service.submit((HEADER + "a,A,,,\n").getBytes(UTF_8), ManifestFormat.CSV);
        await().atMost(Duration.ofSeconds(10)).until(() -> devices.count() == 1);

        assertThatThrownBy(() -> service.submit((HEADER + "z,Z,,,\n" + "a,A,,other,\n" + "y,Y,,a,\n")
                .getBytes(UTF_8), ManifestFormat.CSV)).isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.errors()).extracting(f -> f.line() + ":" + f.field())
                                .containsExactly("3:endpoint", "4:bootstrapIdentity"));
        assertThat(devices.count()).isEqualTo(1);
    }

    @Test
    void good_manifest_creates_every_device_and_hands_out_the_generated_keys_exactly_once() {
        ProvisioningBatch batch = finished(service.submit(manifest(1_000).getBytes(UTF_8), ManifestFormat.CSV));

        assertThat(batch.state()).isEqualTo(ProvisioningBatch.State.SUCCEEDED);
        assertThat(batch.created()).isEqualTo(1_000);
        assertThat(batch.generatedKeys()).isEqualTo(500);
        assertThat(devices.count()).isEqualTo(1_000);
        assertThat(devices.find("dev-00010").orElseThrow().type()).isEqualTo("meter");

        String secrets = service.takeSecrets(batch.id());
        assertThat(secrets.lines()).hasSize(501).first().isEqualTo("endpoint,bootstrapIdentity,bootstrapKey");
        String[] first = secrets.lines().skip(1).findFirst().orElseThrow().split(",");
        PskCredentials stored = devices.findBootstrapCredentials(first[0]).orElseThrow();
        assertThat(first[1]).isEqualTo(first[0]).isEqualTo(stored.identity());
        assertThat(HexFormat.of().parseHex(first[2])).isEqualTo(stored.key()).hasSize(16);
        assertThat(secrets).doesNotContain("dev-00001,"); // its key came with the manifest

        assertThatThrownBy(() -> service.takeSecrets(batch.id())).isInstanceOf(GoneException.class);
        assertThat(service.get(batch.id()).secrets()).isEqualTo(ProvisioningBatch.Secrets.DELIVERED);
    }

    @Test
    void a_json_manifest_that_gives_every_key_has_no_secrets_to_hand_out() {
        String json = "[{\"endpoint\":\"j1\",\"name\":\"J\",\"bootstrapKey\":\"000102030405060708090a0b0c0d0e0f\"}]";

        ProvisioningBatch batch = finished(service.submit(json.getBytes(UTF_8), ManifestFormat.JSON));

        assertThat(batch.secrets()).isEqualTo(ProvisioningBatch.Secrets.NONE);
        assertThat(devices.findBootstrapCredentialsByIdentity("j1")).isPresent();
        assertThatThrownBy(() -> service.takeSecrets(batch.id()))
                .isInstanceOf(org.motehub.model.NotFoundException.class);
    }
}
