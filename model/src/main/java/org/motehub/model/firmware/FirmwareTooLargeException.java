// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.List;

import org.motehub.model.FieldError;
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

    /** @return the field at fault, {@code image}, with the maximum it exceeds. */
    public List<FieldError> errors() {
        return List.of(new FieldError("image", "must be at most " + maxBytes + " bytes"));
    }

    /** @return the configured maximum image size. */
    public long maxBytes() {
        return maxBytes;
    }
}
