// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

/** Why a device selected by a campaign's target does not take part in it. */
public enum ExclusionReason {
    /** A listed endpoint is not in the registry. */
    UNKNOWN_DEVICE,
    /** The device is SUSPENDED or DECOMMISSIONED. */
    DEVICE_NOT_ACTIVE,
    /** The device has no type, so no image can be checked to fit it. */
    NO_DEVICE_TYPE,
    /** The image does not fit the device's type. */
    INCOMPATIBLE_TYPE,
    /** The device reported a version the image may not be applied on (not in its from-versions). */
    VERSION_NOT_APPLICABLE,
    /** The device already reported the target version. */
    ALREADY_ON_TARGET,
    /** (Rollback) the version the device ran before is unknown or has no image in the repository. */
    NO_PREVIOUS_IMAGE,
    /** (Rollback) the device ran another previous version than the one this rollback returns to. */
    OTHER_PREVIOUS_VERSION
}
