// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.device;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.credentials.PskCredentials;

/**
 * The rules an operator's device input must follow, checked once at the service boundary. Every broken rule is
 * reported, each naming its field.
 */
public final class DeviceInputRules {

    /** Longest endpoint name accepted (LwM2M endpoints are often URNs such as {@code urn:imei:...}). */
    public static final int MAX_ENDPOINT_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_IDENTITY_BYTES = 128;
    /** Shortest PSK accepted, in bytes (128 bits). */
    public static final int MIN_KEY_BYTES = 16;
    /** Longest PSK accepted, in bytes. */
    public static final int MAX_KEY_BYTES = 64;

    /** Longest device type accepted. */
    public static final int MAX_TYPE_LENGTH = 64;

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]+");

    /** Endpoint characters: URN-safe, no white space, no slash, nothing that needs escaping in a URL path. */
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._:@+=~-]+");

    private DeviceInputRules() {
    }

    /**
     * Checks a device request and builds what is stored.
     *
     * @param request the operator's request
     * @param now the creation time
     * @return the device with its validated credentials
     * @throws InvalidInputException naming every bad field
     */
    public static DeviceRecord validate(NewDevice request, java.time.Instant now) {
        List<FieldError> errors = new ArrayList<>();
        checkEndpoint(request.endpoint(), errors);
        if (request.name() != null) {
            checkName(request.name(), errors);
        }
        if (request.type() != null) {
            checkType(request.type(), "type", errors);
        }
        if (request.credentials() == null && request.bootstrapCredentials() == null) {
            errors.add(new FieldError("credentials", "is required unless bootstrapCredentials are given"));
        }
        byte[] key = request.credentials() == null ? null : checkCredentials("credentials", request.credentials(),
                errors);
        byte[] bsKey = request.bootstrapCredentials() == null ? null
                : checkCredentials("bootstrapCredentials", request.bootstrapCredentials(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String name = request.name() == null ? request.endpoint() : request.name();
        Device device = Device.provisioning(request.endpoint(), name, request.type(), now);
        PskCredentials dm = key == null ? null
                : new PskCredentials(request.endpoint(), request.credentials().identity(), key);
        PskCredentials bs = bsKey == null ? null
                : new PskCredentials(request.endpoint(), request.bootstrapCredentials().identity(), bsKey);
        return new DeviceRecord(device, dm, bs);
    }

    /** @return the key when the credentials are valid, else null with the errors added under {@code field}. */
    private static byte[] checkCredentials(String field, NewDevice.CredentialsInput c, List<FieldError> errors) {
        if (c.type() == null || !c.type().equals("PSK")) {
            errors.add(new FieldError(field + ".type", "must be PSK"));
        }
        checkIdentity(c.identity(), field + ".identity", errors);
        return parseKey(c.key(), field + ".key", errors);
    }

    /** Adds an error under {@code field} unless {@code identity} is a valid PSK identity. */
    public static void checkIdentity(String identity, String field, List<FieldError> errors) {
        if (identity == null || identity.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (identity.getBytes(UTF_8).length > MAX_IDENTITY_BYTES) {
            errors.add(new FieldError(field, "must be at most " + MAX_IDENTITY_BYTES + " bytes"));
        }
    }

    /** Adds an error under {@code field} unless {@code type} is a valid device type. */
    public static void checkType(String type, String field, List<FieldError> errors) {
        if (type.length() > MAX_TYPE_LENGTH || !TYPE.matcher(type).matches()) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_TYPE_LENGTH
                    + " letters, digits and . _ -"));
        }
    }

    /** @return whether {@code endpoint} is a valid endpoint name; adds the error to {@code errors} if not. */
    public static boolean checkEndpoint(String endpoint, String field, List<FieldError> errors) {
        int before = errors.size();
        checkEndpoint(endpoint, errors);
        for (int i = before; i < errors.size(); i++) {
            errors.set(i, new FieldError(field, errors.get(i).message()));
        }
        return errors.size() == before;
    }

    private static void checkEndpoint(String endpoint, List<FieldError> errors) {
        if (endpoint == null || endpoint.isEmpty()) {
            errors.add(new FieldError("endpoint", "is required"));
        } else if (endpoint.length() > MAX_ENDPOINT_LENGTH) {
            errors.add(new FieldError("endpoint", "must be at most " + MAX_ENDPOINT_LENGTH + " characters"));
        } else if (!ENDPOINT.matcher(endpoint).matches()) {
            errors.add(new FieldError("endpoint", "may only contain letters, digits and . _ : @ + = ~ -"));
        }
    }

    /**
     * @throws InvalidInputException naming {@code name} when it is blank or too long
     */
    public static void checkName(String name) {
        List<FieldError> errors = new ArrayList<>();
        checkName(name, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** Adds an error under {@code name} unless it is a valid display name. */
    public static void checkName(String name, List<FieldError> errors) {
        if (name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
    }

    /**
     * @return the key bytes of {@code hex}, or null with an error under {@code field} when it is missing, not hex or
     *         not {@value #MIN_KEY_BYTES} to {@value #MAX_KEY_BYTES} bytes
     */
    public static byte[] parseKey(String hex, String field, List<FieldError> errors) {
        if (hex == null || hex.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be hexadecimal with an even number of digits"));
            return null;
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            errors.add(new FieldError(field,
                    "must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + key.length));
            return null;
        }
        return key;
    }
}
