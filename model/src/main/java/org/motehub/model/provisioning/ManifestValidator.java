// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.provisioning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.motehub.model.FieldError;
import org.motehub.model.device.DeviceInputRules;
import org.motehub.model.device.DeviceStore;

/**
 * Checks every row of a manifest before anything is written: the same rules as a single device creation (endpoint
 * characters and length, non-blank name, type, identity length, key in hex of 16 to 64 bytes), plus duplicates inside
 * the file and against the store. Every problem is reported with its line and column.
 */
final class ManifestValidator {

    private ManifestValidator() {
    }

    /** The problems found: the first {@code max} of them, and how many there were in all. */
    record Result(List<FieldError> errors, int total, boolean conflictsOnly) {
    }

    /**
     * @param max how many problems to list at most; the rest are only counted
     * @return the problems of {@code rows}; none means every row can be created
     */
    static Result validate(List<ManifestRow> rows, DeviceStore store, int max) {
        List<FieldError> format = new ArrayList<>();
        List<FieldError> conflicts = new ArrayList<>();
        Map<String, Integer> endpoints = new HashMap<>();
        Map<String, Integer> identities = new HashMap<>();
        for (ManifestRow row : rows) {
            List<FieldError> errors = new ArrayList<>();
            boolean endpointOk = DeviceInputRules.checkEndpoint(row.endpoint(), "endpoint", errors);
            if (row.name() == null || row.name().isBlank()) {
                errors.add(new FieldError("name", "must not be empty"));
            } else {
                DeviceInputRules.checkName(row.name(), errors);
            }
            if (!row.type().isEmpty()) {
                DeviceInputRules.checkType(row.type(), "type", errors);
            }
            String identity = identityOf(row);
            DeviceInputRules.checkIdentity(identity, "bootstrapIdentity", errors);
            if (!row.bootstrapKey().isEmpty()) {
                DeviceInputRules.parseKey(row.bootstrapKey(), "bootstrapKey", errors);
            }
            errors.forEach(e -> format.add(new FieldError(e.field(), e.message(), row.line())));
            if (endpointOk) {
                Integer first = endpoints.putIfAbsent(row.endpoint(), row.line());
                if (first != null) {
                    format.add(new FieldError("endpoint", "duplicates line " + first, row.line()));
                } else if (store.find(row.endpoint()).isPresent()) {
                    conflicts.add(new FieldError("endpoint", "is already used by a device", row.line()));
                }
            }
            if (!identity.isEmpty()) {
                Integer first = identities.putIfAbsent(identity, row.line());
                if (first != null) {
                    format.add(new FieldError("bootstrapIdentity", "duplicates line " + first, row.line()));
                } else if (store.findBootstrapCredentialsByIdentity(identity).isPresent()) {
                    conflicts.add(new FieldError("bootstrapIdentity", "is already used by a device", row.line()));
                }
            }
        }
        List<FieldError> all = new ArrayList<>(format);
        all.addAll(conflicts);
        all.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return new Result(List.copyOf(all.subList(0, Math.min(max, all.size()))), all.size(),
                format.isEmpty() && !conflicts.isEmpty());
    }

    /** @return the row's bootstrap identity, the endpoint name when the row leaves it empty. */
    static String identityOf(ManifestRow row) {
        return row.bootstrapIdentity().isEmpty() ? row.endpoint() : row.bootstrapIdentity();
    }
}
