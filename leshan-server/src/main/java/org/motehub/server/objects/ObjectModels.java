// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.objects;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.eclipse.leshan.core.model.InvalidDDFFileException;
import org.eclipse.leshan.core.model.InvalidModelException;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LwM2M object models the server knows: Leshan's core objects (0-7, 21...), Motehub's own descriptions of the
 * common IPSO sensors (3303 temperature, 3304 humidity, 3328 power), and any DDF files an operator adds.
 */
public final class ObjectModels {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectModels.class);
    private static final String[] BUNDLED = { "3303.xml", "3304.xml", "3328.xml" };

    private ObjectModels() {
    }

    /** @return Leshan's core models plus Motehub's bundled IPSO models. */
    public static List<ObjectModel> bundled() {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadAllDefault());
        try {
            models.addAll(ObjectLoader.loadDdfResources("/motehub-models/", BUNDLED));
        } catch (IOException | InvalidModelException | InvalidDDFFileException e) {
            throw new IllegalStateException("bundled object models are broken", e);
        }
        return models;
    }

    /**
     * @param extraDir a folder of DDF XML files to add, if any
     * @throws IllegalStateException naming the folder when a file cannot be read or parsed
     */
    public static List<ObjectModel> load(Optional<Path> extraDir) {
        List<ObjectModel> models = bundled();
        if (extraDir.isEmpty()) {
            return models;
        }
        Path dir = extraDir.get();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    models.addAll(ObjectLoader.loadDdfFile(in, f.getFileName().toString()));
                }
            }
        } catch (IOException | InvalidDDFFileException e) {
            throw new IllegalStateException("cannot load object models from " + dir + ": " + e.getMessage(), e);
        }
        LOG.info("Loaded object models from [{}]", dir);
        return models;
    }
}
