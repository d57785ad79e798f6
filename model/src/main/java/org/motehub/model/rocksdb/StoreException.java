// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.rocksdb;

/** The embedded database failed (I/O error, corruption, lock held by another process). */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
