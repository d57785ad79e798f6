// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

import java.util.Objects;

/**
 * A firmware image the device refuses, with the LwM2M object 5 Update Result that reports why.
 */
public final class FirmwareImageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an image is refused. */
    public enum Reason {
        /** Not a demo image: wrong magic, format version or lengths; Update Result 6 (unsupported package type). */
        FORMAT(UpdateResult.UNSUPPORTED_PACKAGE_TYPE),
        /** Made for another device type; Update Result 6 (unsupported package type). */
        DEVICE_TYPE(UpdateResult.UNSUPPORTED_PACKAGE_TYPE),
        /** SHA-256 or signature mismatch, or unsigned while a key is trusted; Update Result 5. */
        INTEGRITY(UpdateResult.INTEGRITY_CHECK_FAILURE);

        private final UpdateResult updateResult;

        Reason(UpdateResult updateResult) {
            this.updateResult = updateResult;
        }

        /** Returns the Update Result (/5/0/5) a device reports for this reason. */
        public UpdateResult updateResult() {
            return updateResult;
        }
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the image is refused
     * @param message what exactly is wrong
     */
    public FirmwareImageException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Returns why the image is refused. */
    public Reason reason() {
        return reason;
    }
}
