// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

/** Whether uploaded images must carry a signature by a trusted key. */
public enum SigningMode {
    /** Every image must be signed by a trusted key; an unsigned image is refused. The default. */
    REQUIRED,
    /** A signature is optional; one that is given is still verified, and a bad one is refused. */
    OFF
}
