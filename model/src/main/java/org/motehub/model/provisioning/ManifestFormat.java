// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

/** The two encodings of a provisioning manifest. */
public enum ManifestFormat {
    /** RFC 4180 CSV with a header line naming the columns. */
    CSV,
    /** A JSON array of objects, or an object whose {@code devices} member is that array. */
    JSON
}
