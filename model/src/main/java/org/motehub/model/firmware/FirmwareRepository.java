// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.motehub.model.ConflictException;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;

/**
 * The firmware repository: images checked (size, sha256, signature against the operator's trusted keys) before they
 * are stored, listed, read block by block for delivery, blocked, and deleted when nothing uses them.
 */
public interface FirmwareRepository {

    /**
     * Streams an image in, computing its sha256 and verifying its signature; stores it and its metadata atomically.
     * Nothing of a refused upload stays.
     *
     * @throws InvalidInputException naming the field (version, deviceTypes, signature...) that is wrong
     * @throws FirmwareTooLargeException when the image is longer than the configured maximum
     * @throws ConflictException when this version already exists for one of the device types
     */
    Firmware upload(FirmwareMetadata metadata, InputStream image);

    /** @return the longest image {@link #upload} accepts, in bytes. */
    long maxImageBytes();

    /** @return the firmware with this id, if any. */
    Optional<Firmware> find(String id);

    /** @throws NotFoundException if there is no such firmware */
    Firmware get(String id);

    /** @return every firmware, oldest first. */
    List<Firmware> list();

    /** @return the firmware of this version for this device type, if any. */
    Optional<Firmware> findVersion(String deviceType, String version);

    /**
     * Reads part of an image, for block-wise delivery and operator downloads.
     *
     * @return up to {@code length} bytes starting at {@code offset}; fewer at the end of the image, none past it
     * @throws NotFoundException if there is no such firmware
     */
    byte[] read(String id, long offset, int length);

    /** Marks a version blocked (with a reason) or unblocks it ({@code reason} null). */
    Firmware setBlocked(String id, boolean blocked, String reason);

    /**
     * Deletes an image and its bytes.
     *
     * @throws ConflictException when a campaign or an unfinished update uses it
     */
    void delete(String id);

    /** Adds a check consulted by {@link #delete}: it returns why the firmware is still in use, or empty. */
    void addUsageCheck(FirmwareUsage usage);

    /** Says whether something (a campaign, an update) still uses a firmware. */
    @FunctionalInterface
    interface FirmwareUsage {
        /** @return why {@code firmwareId} cannot be deleted, or empty when this user does not hold it */
        Optional<String> usedBy(String firmwareId);
    }
}
