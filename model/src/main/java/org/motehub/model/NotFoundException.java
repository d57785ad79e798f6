// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

/** A named resource (device, command...) does not exist. */
public class NotFoundException extends MotehubException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 404;
    }

    @Override
    public String title() {
        return "Not Found";
    }
}
