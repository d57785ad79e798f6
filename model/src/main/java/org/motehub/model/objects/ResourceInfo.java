// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.objects;

/**
 * One resource of an object model.
 *
 * @param id the resource id
 * @param name its name
 * @param type its LwM2M type (for example {@code FLOAT})
 * @param operations {@code R}, {@code W}, {@code RW}, {@code E} or empty
 * @param multiple whether it has several instances
 * @param mandatory whether the model makes it mandatory
 * @param units its units, or null
 */
public record ResourceInfo(int id, String name, String type, String operations, boolean multiple, boolean mandatory,
        String units) {
}
