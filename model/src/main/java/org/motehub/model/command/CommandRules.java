// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.leshan.core.node.LwM2mPath;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules an operator's command must follow, checked at submission so that a malformed command is refused with a
 * 400 naming its field instead of failing later on the device.
 */
public final class CommandRules {

    public static final long DEFAULT_EXPIRY_SECONDS = 86_400;
    public static final long MAX_EXPIRY_SECONDS = 30L * 86_400;
    public static final int MAX_ARGUMENTS_LENGTH = 1024;

    private CommandRules() {
    }

    /**
     * @return the parsed path of a valid request
     * @throws InvalidInputException naming every bad field
     */
    public static LwM2mPath validate(CommandRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (r.type() == null) {
            errors.add(new FieldError("type", "is required: READ, WRITE, EXECUTE, OBSERVE, CANCEL_OBSERVE or DISCOVER"));
        }
        LwM2mPath path = parsePath(r.path(), errors);
        if (r.type() != null && path != null) {
            checkDepth(r.type(), path, errors);
            checkPayload(r, path, errors);
        }
        if (r.expiresInSeconds() != null && (r.expiresInSeconds() < 1 || r.expiresInSeconds() > MAX_EXPIRY_SECONDS)) {
            errors.add(new FieldError("expiresInSeconds", "must be between 1 and " + MAX_EXPIRY_SECONDS));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return path;
    }

    private static LwM2mPath parsePath(String text, List<FieldError> errors) {
        if (text == null || text.isEmpty()) {
            errors.add(new FieldError("path", "is required, e.g. /3/0/13"));
            return null;
        }
        if (!text.matches("(/\\d{1,5}){1,4}")) {
            errors.add(new FieldError("path", "must be /object[/instance[/resource[/instance]]] with numeric ids, not "
                    + abbreviate(text)));
            return null;
        }
        try {
            return new LwM2mPath(text);
        } catch (RuntimeException e) {
            errors.add(new FieldError("path", "is not a valid LwM2M path: " + e.getMessage()));
            return null;
        }
    }

    private static void checkDepth(CommandType type, LwM2mPath path, List<FieldError> errors) {
        switch (type) {
        case WRITE:
            if (path.isObject()) {
                errors.add(new FieldError("path", "WRITE needs an object instance or a resource, not an object"));
            }
            break;
        case EXECUTE:
            if (!path.isResource()) {
                errors.add(new FieldError("path", "EXECUTE needs a resource path such as /3/0/4"));
            }
            break;
        case DISCOVER:
            if (path.isResourceInstance()) {
                errors.add(new FieldError("path", "DISCOVER takes an object, an instance or a resource"));
            }
            break;
        default:
            break;
        }
    }

    private static void checkPayload(CommandRequest r, LwM2mPath path, List<FieldError> errors) {
        if (r.type() != CommandType.WRITE) {
            if (r.value() != null && !r.value().isNull()) {
                errors.add(new FieldError("value", "is only for WRITE"));
            }
            if (r.values() != null && !r.values().isNull()) {
                errors.add(new FieldError("values", "is only for WRITE"));
            }
        } else if (path.isObjectInstance()) {
            checkValues(r.values(), errors);
            if (r.value() != null && !r.value().isNull()) {
                errors.add(new FieldError("value", "is for a resource path; use values for an object instance"));
            }
        } else {
            if (r.value() == null || r.value().isNull()) {
                errors.add(new FieldError("value", "is required to WRITE a resource"));
            } else if (r.value().isArray()) {
                errors.add(new FieldError("value",
                        "must be a number, string or boolean, or an object of instance id to value"));
            }
            if (r.values() != null && !r.values().isNull()) {
                errors.add(new FieldError("values", "is for an object instance path; use value for a resource"));
            }
        }
        if (r.arguments() != null) {
            if (r.type() != CommandType.EXECUTE) {
                errors.add(new FieldError("arguments", "is only for EXECUTE"));
            } else if (r.arguments().length() > MAX_ARGUMENTS_LENGTH) {
                errors.add(new FieldError("arguments", "must be at most " + MAX_ARGUMENTS_LENGTH + " characters"));
            }
        }
    }

    private static void checkValues(JsonNode values, List<FieldError> errors) {
        if (values == null || !values.isObject() || values.isEmpty()) {
            errors.add(new FieldError("values", "is required: an object of resource id to value, e.g. {\"13\": 0}"));
            return;
        }
        for (Iterator<String> it = values.fieldNames(); it.hasNext();) {
            String id = it.next();
            if (!id.matches("\\d{1,5}") || Integer.parseInt(id) > 65535) {
                errors.add(new FieldError("values." + id, "is not a resource id"));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
