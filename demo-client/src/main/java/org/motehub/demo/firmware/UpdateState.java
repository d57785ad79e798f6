// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo.firmware;

/**
 * Values of the State resource (/5/0/3) of the LwM2M Firmware Update object.
 */
public enum UpdateState {
    /** 0: idle, before a download and after an update (successful or not, see Update Result). */
    IDLE(0),
    /** 1: a package is being downloaded (pull) or written (push). */
    DOWNLOADING(1),
    /** 2: a verified package is held and may be applied by executing /5/0/2. */
    DOWNLOADED(2),
    /** 3: the package is being applied. */
    UPDATING(3);

    private final int code;

    UpdateState(int code) {
        this.code = code;
    }

    /** Returns the value of resource /5/0/3. */
    public int code() {
        return code;
    }

    /**
     * Returns the state of a resource value.
     *
     * @param code 0..3
     * @return the state
     * @throws IllegalArgumentException if the code is out of range
     */
    public static UpdateState of(long code) {
        for (UpdateState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("no State " + code);
    }
}
