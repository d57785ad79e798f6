// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.MotehubException;
import org.motehub.model.NotFoundException;
import org.motehub.model.rocksdb.ColumnFamily;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbFirmwareStore;
import org.motehub.model.testing.MutableClock;
import org.rocksdb.RocksIterator;

/** {@link DefaultFirmwareRepository} on a real RocksDB in a temporary folder, with real Ed25519 and P-256 keys. */
class DefaultFirmwareRepositoryTest {

    private static final long MAX = 300_000;

    @TempDir
    Path dir;

    private MotehubDb db;
    private KeyPair ed;
    private KeyPair ec;
    private SignatureVerifier verifier;
    private MutableClock clock;
    private DefaultFirmwareRepository repository;

    @BeforeEach
    void open() throws GeneralSecurityException {
        db = MotehubDb.open(dir);
        ed = SignatureVerifierTest.ed25519();
        ec = SignatureVerifierTest.p256();
        verifier = new SignatureVerifier(TrustedKeys.of(Map.of("release-ed", ed.getPublic(), "release-ec",
                ec.getPublic())), SigningMode.REQUIRED);
        clock = MutableClock.at("2026-03-01T10:00:00Z");
        repository = new DefaultFirmwareRepository(new RocksDbFirmwareStore(db), verifier, MAX, 1 << 20, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static byte[] image(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private String signEd(byte[] image) throws GeneralSecurityException {
        return SignatureVerifierTest.sign("Ed25519", ed.getPrivate(), image);
    }

    private static FirmwareMetadata meta(String version, String signature, String... types) {
        return new FirmwareMetadata(version, List.of(types), List.of("1.0.0"), "Fixes drift", true, signature);
    }

    private static List<String> fields(MotehubException e) {
        List<FieldError> errors = e instanceof InvalidInputException i ? i.errors()
                : ((ConflictException) e).errors();
        return errors.stream().map(FieldError::field).toList();
    }

    private long blobKeys() {
        long n = 0;
        try (RocksIterator it = db.iterator(ColumnFamily.FIRMWARE_BLOBS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void signed_upload_is_stored_with_its_sha256_and_signer_and_reads_back_identical() throws Exception {
        byte[] image = image(200_003, 1);

        Firmware f = repository.upload(meta("2.0.0", signEd(image), "thermo-v2"), new ByteArrayInputStream(image));

        assertThat(f.size()).isEqualTo(200_003);
        assertThat(f.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image)));
        assertThat(f.signingKeyId()).isEqualTo("release-ed");
        assertThat(f.signatureAlgorithm()).isEqualTo("Ed25519");
        assertThat(f.createdAt()).isEqualTo(clock.instant());
        assertThat(f.mandatory()).isTrue();
        assertThat(repository.get(f.id())).isEqualTo(f);
        assertThat(repository.read(f.id(), 0, 1 << 20)).isEqualTo(image);
        assertThat(repository.findVersion("thermo-v2", "2.0.0")).contains(f);
        assertThat(repository.findVersion("other", "2.0.0")).isEmpty();
    }

    @Test
    void openssl_ecdsa_signed_fixture_is_accepted_by_its_pem_key() {
        TrustedKeys keys = TrustedKeys.of(Map.of("ec-release", TrustedKeys.parsePem("ec-release",
                new String(SignatureVerifierTest.resource("ec-release.pem"))).key()));
        DefaultFirmwareRepository withPem = new DefaultFirmwareRepository(new RocksDbFirmwareStore(db),
                new SignatureVerifier(keys, SigningMode.REQUIRED), clock);
        byte[] image = SignatureVerifierTest.resource("image.bin");
        String sig = Base64.getEncoder().encodeToString(SignatureVerifierTest.resource("image.bin.ecdsa.sig"));

        Firmware f = withPem.upload(meta("3.0.0", sig, "t"), new ByteArrayInputStream(image));

        assertThat(f.signingKeyId()).isEqualTo("ec-release");
        assertThat(f.sha256()).isEqualTo(new String(SignatureVerifierTest.resource("image.bin.sha256")).strip());
    }

    @Test
    void image_of_exactly_the_maximum_is_accepted_one_byte_more_is_too_large_and_nothing_stays() throws Exception {
        byte[] exact = image((int) MAX, 2);
        repository.upload(meta("1.0.0", signEd(exact), "t"), new ByteArrayInputStream(exact));
        long keysBefore = blobKeys();

        byte[] over = image((int) MAX + 1, 3);
        assertThatThrownBy(() -> repository.upload(meta("1.0.1", signEd(over), "t"), new ByteArrayInputStream(over)))
                .isInstanceOfSatisfying(FirmwareTooLargeException.class,
                        e -> assertThat(e.maxBytes()).isEqualTo(MAX));

        assertThat(repository.list()).extracting(Firmware::version).containsExactly("1.0.0");
        assertThat(blobKeys()).isEqualTo(keysBefore);
    }

    @Test
    void an_endless_upload_stops_being_read_one_chunk_past_the_maximum() {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 7;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                served[0] += len;
                java.util.Arrays.fill(b, off, off + len, (byte) 7);
                return len;
            }
        };

        assertThatThrownBy(() -> repository.upload(meta("1.0.0", "AAAA", "t"), endless))
                .isInstanceOf(FirmwareTooLargeException.class);

        assertThat(served[0]).isLessThanOrEqualTo(MAX + DefaultFirmwareRepository.READ_CHUNK_BYTES);
        assertThat(repository.list()).isEmpty();
        assertThat(blobKeys()).isZero();
    }

    @Test
    void unsigned_upload_is_refused_before_the_image_is_read_when_signing_is_required() {
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the image must not be read");
            }
        };

        assertThatThrownBy(() -> repository.upload(meta("1.0.0", null, "t"), untouchable))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(fields(e)).containsExactly("signature"));
        assertThat(repository.list()).isEmpty();
    }

    @Test
    void unsigned_upload_is_accepted_when_signing_is_off_but_a_bad_signature_is_still_refused() throws Exception {
        DefaultFirmwareRepository off = new DefaultFirmwareRepository(new RocksDbFirmwareStore(db),
                new SignatureVerifier(verifier.trustedKeys(), SigningMode.OFF), MAX, 0, clock);
        byte[] image = image(1000, 4);

        Firmware f = off.upload(meta("1.0.0", null, "t"), new ByteArrayInputStream(image));
        assertThat(f.signature()).isNull();
        assertThat(f.signingKeyId()).isNull();
        assertThat(off.read(f.id(), 10, 5)).isEqualTo(java.util.Arrays.copyOfRange(image, 10, 15));

        assertThatThrownBy(() -> off.upload(meta("1.0.1", signEd(new byte[] {1}), "t"),
                new ByteArrayInputStream(image))).isInstanceOf(InvalidInputException.class);
        assertThat(off.list()).hasSize(1);
    }

    @Test
    void wrong_signature_is_refused_naming_signature_and_nothing_stays() throws Exception {
        byte[] image = image(100_000, 5);
        String sigOfOther = signEd(image(100_000, 6));

        assertThatThrownBy(() -> repository.upload(meta("1.0.0", sigOfOther, "t"), new ByteArrayInputStream(image)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(fields(e)).containsExactly("signature"));
        assertThat(repository.list()).isEmpty();
        assertThat(blobKeys()).isZero();
    }

    @Test
    void bad_metadata_names_every_field_and_an_empty_image_names_image() throws Exception {
        FirmwareMetadata bad = new FirmwareMetadata("1.0 beta", List.of(), List.of("x y"), "n".repeat(5000), false,
                "%%%");
        assertThatThrownBy(() -> repository.upload(bad, new ByteArrayInputStream(new byte[1])))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(fields(e))
                        .containsExactly("version", "deviceTypes", "fromVersions[0]", "releaseNotes", "signature"));
        assertThatThrownBy(() -> repository.upload(null, new ByteArrayInputStream(new byte[1])))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(fields(e)).containsExactly("metadata"));
        assertThatThrownBy(() -> repository.upload(meta("1.0.0", signEd(new byte[0]), "t"),
                new ByteArrayInputStream(new byte[0]))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(fields(e)).containsExactly("image"));
    }

    @Test
    void the_same_version_for_a_shared_device_type_is_a_conflict_naming_version() throws Exception {
        byte[] a = image(1000, 7);
        byte[] b = image(1000, 8);
        Firmware first = repository.upload(meta("2.0.0", signEd(a), "thermo-v2", "thermo-v3"),
                new ByteArrayInputStream(a));

        assertThatThrownBy(() -> repository.upload(meta("2.0.0", signEd(b), "thermo-v3", "other"),
                new ByteArrayInputStream(b))).isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(fields(e)).containsExactly("version");
                    assertThat(e.errors().get(0).message()).contains("thermo-v3", first.id());
                });

        Firmware otherType = repository.upload(meta("2.0.0", signEd(b), "other"), new ByteArrayInputStream(b));
        assertThat(repository.list()).containsExactly(first, otherType);
    }

    @Test
    void concurrent_uploads_of_one_version_store_exactly_one() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Firmware>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] image = image(70_000, 100 + i);
                String sig = signEd(image);
                results.add(pool.submit(() -> repository.upload(meta("9.9.9", sig, "t"),
                        new ByteArrayInputStream(image))));
            }
            int ok = 0;
            int conflicts = 0;
            for (Future<Firmware> r : results) {
                try {
                    r.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                    conflicts++;
                }
            }
            assertThat(ok).isEqualTo(1);
            assertThat(conflicts).isEqualTo(7);
            assertThat(repository.list()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void block_needs_a_reason_and_unblock_clears_it() throws Exception {
        byte[] image = image(10, 9);
        Firmware f = repository.upload(meta("2.0.0", signEd(image), "t"), new ByteArrayInputStream(image));

        assertThatThrownBy(() -> repository.setBlocked(f.id(), true, " "))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(fields(e)).containsExactly("blockedReason"));
        Firmware blocked = repository.setBlocked(f.id(), true, "bricks the radio");
        assertThat(blocked.blocked()).isTrue();
        assertThat(repository.get(f.id()).blockedReason()).isEqualTo("bricks the radio");

        Firmware unblocked = repository.setBlocked(f.id(), false, null);
        assertThat(unblocked).isEqualTo(f);
        assertThat(repository.get(f.id())).isEqualTo(f);
        assertThatThrownBy(() -> repository.setBlocked("0000000000000000", true, "x"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void delete_is_refused_while_a_usage_holds_the_firmware() throws Exception {
        byte[] image = image(100_000, 10);
        Firmware f = repository.upload(meta("2.0.0", signEd(image), "t"), new ByteArrayInputStream(image));
        repository.read(f.id(), 0, 10); // cached
        boolean[] held = {true};
        repository.addUsageCheck(id -> held[0] && id.equals(f.id()) ? Optional.of("campaign c1 (RUNNING)")
                : Optional.empty());
        repository.addUsageCheck(id -> Optional.empty());

        assertThatThrownBy(() -> repository.delete(f.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("campaign c1 (RUNNING)");
        assertThat(repository.read(f.id(), 0, 200_000)).isEqualTo(image);

        held[0] = false;
        repository.delete(f.id());

        assertThat(repository.find(f.id())).isEmpty();
        assertThatThrownBy(() -> repository.read(f.id(), 0, 10)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> repository.delete(f.id())).isInstanceOf(NotFoundException.class);
        assertThat(blobKeys()).isZero();
    }

    @Test
    void a_thousand_concurrent_block_reads_load_the_image_from_the_store_once() throws Exception {
        byte[] image = image(256 * 1024, 11);
        Firmware f = repository.upload(meta("2.0.0", signEd(image), "t"), new ByteArrayInputStream(image));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> reads = new ArrayList<>();
            for (int device = 0; device < 1000; device++) {
                int block = device % (image.length / 1024);
                reads.add(() -> java.util.Arrays.equals(repository.read(f.id(), block * 1024L, 1024),
                        java.util.Arrays.copyOfRange(image, block * 1024, block * 1024 + 1024)));
            }
            for (Future<Boolean> r : pool.invokeAll(reads)) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(repository.cacheLoads()).isEqualTo(1);
    }

    @Test
    void an_image_larger_than_the_cache_is_read_from_the_store() throws Exception {
        DefaultFirmwareRepository small = new DefaultFirmwareRepository(new RocksDbFirmwareStore(db), verifier, MAX,
                1000, clock);
        byte[] image = image(5000, 12);
        Firmware f = small.upload(meta("2.0.0", signEd(image), "t"), new ByteArrayInputStream(image));

        assertThat(small.read(f.id(), 4000, 2000)).isEqualTo(java.util.Arrays.copyOfRange(image, 4000, 5000));
        assertThat(small.read(f.id(), 5000, 10)).isEmpty();
        assertThat(small.cacheLoads()).isZero();
    }

    @Test
    void firmware_survives_a_restart() throws Exception {
        byte[] image = image(100_000, 13);
        Firmware f = repository.upload(meta("2.0.0", signEd(image), "t"), new ByteArrayInputStream(image));
        db.close();
        db = MotehubDb.open(dir);
        DefaultFirmwareRepository reopened = new DefaultFirmwareRepository(new RocksDbFirmwareStore(db), verifier,
                clock);

        assertThat(reopened.list()).containsExactly(f);
        assertThat(reopened.read(f.id(), 0, image.length)).isEqualTo(image);
    }
}
