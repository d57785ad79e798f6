// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder, owned by Motehub, into which the parts of multipart uploads are spooled while they are read (instead of
 * the system temporary folder). Every part is deleted after its answer; {@link #prepare()} deletes what a crash in
 * the middle of an upload left behind, at start.
 *
 * @param dir the folder; created by {@link #prepare()}
 */
public record UploadSpool(Path dir) {

    private static final Logger LOG = LoggerFactory.getLogger(UploadSpool.class);

    /** @throws NullPointerException if {@code dir} is null */
    public UploadSpool {
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * Creates the folder and deletes every file in it, which only a previous run can have left there; logs one line
     * when it deleted any.
     *
     * @return how many files were deleted
     * @throws UncheckedIOException if the folder cannot be created or a leftover cannot be deleted
     */
    public int prepare() {
        int count = 0;
        long bytes = 0;
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        Files.delete(file);
                        count++;
                        bytes += attributes.size();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the upload spool folder " + dir.toAbsolutePath(), e);
        }
        if (count > 0) {
            LOG.info("Deleted [{}] upload parts ([{}] bytes) left in [{}] by an earlier run", count, bytes,
                    dir.toAbsolutePath());
        }
        return count;
    }
}
