// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

/** A resource existed but has been handed out for good, such as the generated keys of a provisioning batch. */
public class GoneException extends MotehubException {

    private static final long serialVersionUID = 1L;

    public GoneException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 410;
    }

    @Override
    public String title() {
        return "Gone";
    }
}
