// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

/** The LwM2M operations an operator can queue for a device. */
public enum CommandType {
    READ, WRITE, EXECUTE, OBSERVE, CANCEL_OBSERVE, DISCOVER
}
