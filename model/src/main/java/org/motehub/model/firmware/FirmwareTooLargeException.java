// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import org.motehub.model.MotehubException;

/** An uploaded image is longer than the configured maximum; the REST layer answers 413. */
public final class FirmwareTooLargeException extends MotehubException {

    private static final long serialVersionUID = 1L;

    private final long maxBytes;

    public FirmwareTooLargeException(long maxBytes) {
        super("image is larger than the maximum of " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    @Override
    public int status() {
        return 413;
    }

    @Override
    public String title() {
        return "Firmware image too large";
    }

    /** @return the configured maximum image size. */
    public long maxBytes() {
        return maxBytes;
    }
}
