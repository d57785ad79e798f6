// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.List;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.NotFoundException;

/**
 * Where firmware images and their metadata are kept. An image and its metadata are written together or not at all,
 * and deleted together, so a store never holds metadata without bytes or bytes without metadata.
 */
public interface FirmwareStore {

    /**
     * Stores {@code firmware} and its image atomically.
     *
     * @param image the image bytes in order, in pieces of any size; their total length is {@code firmware.size()}
     * @throws ConflictException if a firmware with this id exists
     * @throws IllegalArgumentException if the pieces do not add up to {@code firmware.size()}
     */
    void insert(Firmware firmware, List<byte[]> image);

    /** @return the firmware with this id, if any. */
    Optional<Firmware> find(String id);

    /** @return every firmware in id order (ids are time-ordered, so oldest first). */
    List<Firmware> list();

    /**
     * Replaces the metadata of a stored firmware; its image is unchanged.
     *
     * @throws NotFoundException if there is no firmware with this id
     * @throws IllegalArgumentException if the size or sha256 differ from the stored ones
     */
    void update(Firmware firmware);

    /**
     * Reads part of an image.
     *
     * @return up to {@code length} bytes from {@code offset}; fewer at the end of the image, none past it
     * @throws NotFoundException if there is no firmware with this id
     * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
     */
    byte[] read(String id, long offset, int length);

    /** @return whether the firmware was there and is now deleted, metadata and image at once. */
    boolean delete(String id);
}
