// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

/**
 * Values of the Update Result resource (/5/0/5) of the LwM2M Firmware Update object, as the demo device reports them.
 */
public enum UpdateResult {
    /** 0: initial value, also after a new download starts or an empty package/URI is written. */
    INITIAL(0),
    /** 1: firmware updated successfully. */
    SUCCESS(1),
    /** 2: not enough flash memory for the new package. */
    NOT_ENOUGH_FLASH(2),
    /** 3: out of RAM during download. */
    OUT_OF_RAM(3),
    /** 4: connection lost during download. */
    CONNECTION_LOST(4),
    /** 5: integrity check failure (SHA-256 or signature). */
    INTEGRITY_CHECK_FAILURE(5),
    /** 6: unsupported package type (not a demo image, or made for another device type). */
    UNSUPPORTED_PACKAGE_TYPE(6),
    /** 7: invalid URI. */
    INVALID_URI(7),
    /** 8: firmware update failed. */
    UPDATE_FAILED(8),
    /** 9: unsupported protocol. */
    UNSUPPORTED_PROTOCOL(9);

    private final int code;

    UpdateResult(int code) {
        this.code = code;
    }

    /** Returns the value of resource /5/0/5. */
    public int code() {
        return code;
    }

    /**
     * Returns the result of a resource value.
     *
     * @param code 0..9
     * @return the result
     * @throws IllegalArgumentException if the code is out of range
     */
    public static UpdateResult of(long code) {
        for (UpdateResult result : values()) {
            if (result.code == code) {
                return result;
            }
        }
        throw new IllegalArgumentException("no Update Result " + code);
    }
}
