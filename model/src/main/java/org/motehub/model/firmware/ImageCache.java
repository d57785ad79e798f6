// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Whole firmware images in memory, least recently used evicted first, bounded by their total size. When many devices
 * pull the same image at once, the first miss loads it and the others wait for that one load instead of each
 * reading the store.
 */
final class ImageCache {

    private final long maxBytes;
    private final LinkedHashMap<String, byte[]> images = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<byte[]>> loading = new HashMap<>();
    private long bytes;
    private long loads;

    /** @param maxBytes the most bytes held; an image larger than this is never cached */
    ImageCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** @return the cached image, or null. */
    synchronized byte[] peek(String id) {
        return images.get(id);
    }

    /**
     * @return the cached image, loaded by {@code loader} on a miss (one load at a time per image)
     * @throws RuntimeException what the loader threw
     */
    byte[] get(String id, Function<String, byte[]> loader) {
        CompletableFuture<byte[]> pending;
        boolean mine = false;
        synchronized (this) {
            byte[] image = images.get(id);
            if (image != null) {
                return image;
            }
            pending = loading.get(id);
            if (pending == null) {
                pending = new CompletableFuture<>();
                loading.put(id, pending);
                mine = true;
            }
        }
        if (!mine) {
            try {
                return pending.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            byte[] image = loader.apply(id);
            synchronized (this) {
                loads++;
                // an invalidation while loading removed our entry: the image may be gone, do not keep it
                if (loading.remove(id, pending) && image.length <= maxBytes) {
                    images.put(id, image);
                    bytes += image.length;
                    evict();
                }
            }
            pending.complete(image);
            return image;
        } catch (RuntimeException e) {
            synchronized (this) {
                loading.remove(id, pending);
            }
            pending.completeExceptionally(e);
            throw e;
        }
    }

    private void evict() {
        Iterator<byte[]> it = images.values().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().length;
            it.remove();
        }
    }

    /** Drops an image (deleted) and forgets a load in progress. */
    synchronized void invalidate(String id) {
        byte[] image = images.remove(id);
        if (image != null) {
            bytes -= image.length;
        }
        loading.remove(id);
    }

    /** @return the bytes held now. */
    synchronized long bytes() {
        return bytes;
    }

    /** @return how many times an image was loaded from the store. */
    synchronized long loads() {
        return loads;
    }
}
