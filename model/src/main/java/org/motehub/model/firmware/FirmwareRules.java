// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.firmware;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.motehub.model.FieldError;
import org.motehub.model.device.DeviceInputRules;

/** Checks the metadata of an upload and a block reason, naming every bad field. */
public final class FirmwareRules {

    /** Longest version. */
    public static final int MAX_VERSION_LENGTH = 64;
    /** Longest release notes, in characters. */
    public static final int MAX_RELEASE_NOTES_LENGTH = 4096;
    /** Most device types or from-versions one image may list. */
    public static final int MAX_LIST_SIZE = 100;
    /** Longest block reason. */
    public static final int MAX_REASON_LENGTH = 1024;

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]+");

    private FirmwareRules() {
    }

    /** Adds an error for each bad field of {@code metadata} (the signature is checked by the verifier). */
    public static void check(FirmwareMetadata metadata, List<FieldError> errors) {
        checkVersion(metadata.version(), "version", errors);
        List<String> types = metadata.deviceTypes();
        if (types == null || types.isEmpty()) {
            errors.add(new FieldError("deviceTypes", "must list at least one device type"));
        } else {
            checkList(types, "deviceTypes", errors, true);
        }
        if (metadata.fromVersions() != null) {
            checkList(metadata.fromVersions(), "fromVersions", errors, false);
        }
        if (metadata.releaseNotes() != null && metadata.releaseNotes().length() > MAX_RELEASE_NOTES_LENGTH) {
            errors.add(new FieldError("releaseNotes", "must be at most " + MAX_RELEASE_NOTES_LENGTH + " characters"));
        }
    }

    private static void checkList(List<String> values, String field, List<FieldError> errors, boolean types) {
        if (values.size() > MAX_LIST_SIZE) {
            errors.add(new FieldError(field, "must list at most " + MAX_LIST_SIZE + " values"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String at = field + "[" + i + "]";
            if (value == null || value.isEmpty()) {
                errors.add(new FieldError(at, "must not be empty"));
            } else if (!seen.add(value)) {
                errors.add(new FieldError(at, "repeats " + value));
            } else if (types) {
                DeviceInputRules.checkType(value, at, errors);
            } else {
                checkVersion(value, at, errors);
            }
        }
    }

    /** Adds an error under {@code field} unless {@code version} is 1 to 64 of {@code A-Z a-z 0-9 . _ + -}. */
    public static void checkVersion(String version, String field, List<FieldError> errors) {
        if (version == null || version.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (version.length() > MAX_VERSION_LENGTH || !VERSION.matcher(version).matches()) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_VERSION_LENGTH
                    + " characters of A-Z, a-z, 0-9, '.', '_', '+' and '-'"));
        }
    }

    /** Adds an error under {@code blockedReason} unless a block has a reason of at most 1024 characters. */
    public static void checkBlock(boolean blocked, String reason, List<FieldError> errors) {
        if (blocked && (reason == null || reason.isBlank())) {
            errors.add(new FieldError("blockedReason", "is required to block a version"));
        } else if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            errors.add(new FieldError("blockedReason", "must be at most " + MAX_REASON_LENGTH + " characters"));
        }
    }
}
