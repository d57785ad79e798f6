// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.motehub.model.ConflictException;
import org.motehub.model.NotFoundException;

/**
 * The behaviour every {@link FirmwareStore} must have. Each implementation's test extends this class and supplies the
 * store; never copy these cases. Published in the {@code motehub-model} test-jar.
 */
public abstract class FirmwareStoreContract {

    /** A fixed instant with nanoseconds, so that a store that loses precision fails the equality checks. */
    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** The store under test, from {@link #newStore()}; replaced by {@link #reopenStore()}. */
    protected FirmwareStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract FirmwareStore newStore();

    /**
     * Closes the store last returned and opens a new one over the same data, as a server restart would. An
     * implementation that keeps nothing across a restart calls {@code Assumptions.abort(...)} instead.
     */
    protected abstract FirmwareStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** @return a 16-hex-digit id as {@code Ids} makes them, for a small sequence number. */
    protected static String id(long n) {
        return String.format("%016x", n);
    }

    /** @return {@code size} reproducible pseudo-random bytes. */
    protected static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** @return a firmware with every field set, for an image of {@code size} bytes. */
    protected static Firmware firmware(String id, String version, long size) {
        return new Firmware(id, version, List.of("thermo-v2", "thermo-v3"), List.of("1.0.0", "1.0.1"),
                "Fixes the sensor drift", true, size, "ab".repeat(32), "Ed25519", "c2ln", "release", false, null, T0);
    }

    /** @return {@code image} cut into pieces of {@code piece} bytes (the last shorter). */
    protected static List<byte[]> pieces(byte[] image, int piece) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < image.length; at += piece) {
            out.add(Arrays.copyOfRange(image, at, Math.min(image.length, at + piece)));
        }
        return out;
    }

    @Test
    public void inserted_firmware_reads_back_equal_with_every_field() {
        Firmware f = firmware(id(1), "2.0.0", 10);

        store.insert(f, List.of(bytes(10, 1)));

        assertThat(store.find(id(1))).contains(f);
    }

    @Test
    public void firmware_with_only_required_fields_reads_back_equal() {
        Firmware f = new Firmware(id(1), "2.0.0", List.of("t"), null, null, false, 1, "00", null, null, null, false,
                null, T0);

        store.insert(f, List.of(new byte[] {7}));

        assertThat(store.find(id(1))).contains(f);
    }

    @Test
    public void image_reads_back_identical_whatever_the_pieces_it_was_given_in() {
        byte[] image = bytes(300_001, 2);
        int[] pieceSizes = {1, 1000, 4096, 65_536, 65_537, 300_001};
        for (int i = 0; i < pieceSizes.length; i++) {
            store.insert(firmware(id(i), "v" + i, image.length), pieces(image, pieceSizes[i]));
        }

        for (int i = 0; i < pieceSizes.length; i++) {
            assertThat(store.read(id(i), 0, image.length)).as("pieces of %d", pieceSizes[i]).isEqualTo(image);
        }
    }

    @Test
    public void ranges_across_chunk_boundaries_and_at_the_end_are_exact() {
        byte[] image = bytes(200_000, 3);
        store.insert(firmware(id(1), "2.0.0", image.length), pieces(image, 7_777));

        long[][] ranges = {{0, 1}, {65_535, 2}, {65_000, 70_000}, {131_071, 65_538}, {199_990, 1024}, {0, 200_000}};
        for (long[] r : ranges) {
            int from = (int) r[0];
            int to = (int) Math.min(image.length, r[0] + r[1]);
            assertThat(store.read(id(1), r[0], (int) r[1])).as("offset %d length %d", r[0], r[1])
                    .isEqualTo(Arrays.copyOfRange(image, from, to));
        }
        assertThat(store.read(id(1), 200_000, 10)).isEmpty();
        assertThat(store.read(id(1), 1_000_000, 10)).isEmpty();
        assertThat(store.read(id(1), 5, 0)).isEmpty();
    }

    @Test
    public void reading_an_unknown_firmware_is_not_found() {
        assertThatThrownBy(() -> store.read(id(9), 0, 10)).isInstanceOf(NotFoundException.class);
        assertThat(store.find(id(9))).isEmpty();
    }

    @Test
    public void pieces_that_do_not_add_up_to_the_size_are_refused_and_nothing_is_stored() {
        assertThatThrownBy(() -> store.insert(firmware(id(1), "2.0.0", 11), List.of(bytes(10, 1))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.find(id(1))).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    public void a_second_insert_with_the_same_id_is_a_conflict_and_keeps_the_first() {
        byte[] first = bytes(100, 1);
        store.insert(firmware(id(1), "2.0.0", 100), List.of(first));

        assertThatThrownBy(() -> store.insert(firmware(id(1), "3.0.0", 50), List.of(bytes(50, 2))))
                .isInstanceOf(ConflictException.class);

        assertThat(store.find(id(1)).orElseThrow().version()).isEqualTo("2.0.0");
        assertThat(store.read(id(1), 0, 1000)).isEqualTo(first);
    }

    @Test
    public void list_is_in_id_order() {
        store.insert(firmware(id(3), "3", 1), List.of(new byte[1]));
        store.insert(firmware(id(1), "1", 1), List.of(new byte[1]));
        store.insert(firmware(id(2), "2", 1), List.of(new byte[1]));

        assertThat(store.list()).extracting(Firmware::id).containsExactly(id(1), id(2), id(3));
    }

    @Test
    public void update_changes_the_metadata_and_keeps_the_image() {
        byte[] image = bytes(70_000, 4);
        Firmware f = firmware(id(1), "2.0.0", image.length);
        store.insert(f, List.of(image));

        store.update(f.blocked("bricks the radio"));

        assertThat(store.find(id(1))).contains(f.blocked("bricks the radio"));
        assertThat(store.read(id(1), 0, image.length)).isEqualTo(image);
    }

    @Test
    public void update_of_an_unknown_firmware_is_not_found_and_cannot_change_the_image() {
        Firmware f = firmware(id(1), "2.0.0", 10);
        assertThatThrownBy(() -> store.update(f)).isInstanceOf(NotFoundException.class);
        assertThat(store.find(id(1))).isEmpty();

        store.insert(f, List.of(bytes(10, 1)));
        Firmware resized = new Firmware(f.id(), f.version(), f.deviceTypes(), f.fromVersions(), f.releaseNotes(),
                f.mandatory(), 11, f.sha256(), null, null, null, false, null, T0);
        assertThatThrownBy(() -> store.update(resized)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(id(1))).contains(f);
    }

    @Test
    public void delete_removes_metadata_and_image_and_leaves_the_others() {
        byte[] a = bytes(150_000, 5);
        byte[] b = bytes(150_000, 6);
        store.insert(firmware(id(1), "1", a.length), List.of(a));
        store.insert(firmware(id(2), "2", b.length), List.of(b));

        assertThat(store.delete(id(1))).isTrue();
        assertThat(store.delete(id(1))).isFalse();

        assertThat(store.find(id(1))).isEmpty();
        assertThatThrownBy(() -> store.read(id(1), 0, 10)).isInstanceOf(NotFoundException.class);
        assertThat(store.list()).extracting(Firmware::id).containsExactly(id(2));
        assertThat(store.read(id(2), 0, b.length)).isEqualTo(b);
    }

    @Test
    public void firmware_and_image_survive_a_restart() {
        byte[] image = bytes(130_000, 7);
        Firmware f = firmware(id(1), "2.0.0", image.length);
        store.insert(f, pieces(image, 65_536));

        store = reopenStore();

        assertThat(store.find(id(1))).contains(f);
        assertThat(store.read(id(1), 0, image.length)).isEqualTo(image);
    }
}
