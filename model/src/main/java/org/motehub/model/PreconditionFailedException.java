// SPDX-License-Identifier: Apache-2.0
package org.motehub.model;

/**
 * A conditional change ({@code If-Match}) was asked against a version that is no longer the current one: someone
 * else changed the resource in between.
 */
public class PreconditionFailedException extends MotehubException {

    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 412;
    }

    @Override
    public String title() {
        return "Precondition Failed";
    }
}
