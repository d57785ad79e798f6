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

    /** Endpoint characters: URN-safe, no white space, no slash, nothing that needs escaping in a URL path. */
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._:@+=~-]+");

    private DeviceInputRules() {
    }

    /**
     * @return the validated credentials of {@code request}
     * @throws InvalidInputException naming every bad field
     */
    public static PskCredentials validate(NewDevice request) {
        List<FieldError> errors = new ArrayList<>();
        checkEndpoint(request.endpoint(), errors);
        if (request.name() != null) {
            checkName(request.name(), errors);
        }
        byte[] key = null;
        NewDevice.CredentialsInput c = request.credentials();
        if (c == null) {
            errors.add(new FieldError("credentials", "is required"));
        } else {
            if (c.type() == null || !c.type().equals("PSK")) {
                errors.add(new FieldError("credentials.type", "must be PSK"));
            }
            if (c.identity() == null || c.identity().isEmpty()) {
                errors.add(new FieldError("credentials.identity", "is required"));
            } else if (c.identity().getBytes(UTF_8).length > MAX_IDENTITY_BYTES) {
                errors.add(new FieldError("credentials.identity", "must be at most " + MAX_IDENTITY_BYTES + " bytes"));
            }
            key = parseKey(c.key(), errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new PskCredentials(request.endpoint(), c.identity(), key);
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

    private static void checkName(String name, List<FieldError> errors) {
        if (name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
    }

    private static byte[] parseKey(String hex, List<FieldError> errors) {
        if (hex == null || hex.isEmpty()) {
            errors.add(new FieldError("credentials.key", "is required"));
            return null;
        }
        byte[] key;
        try {
            key = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("credentials.key", "must be hexadecimal with an even number of digits"));
            return null;
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            errors.add(new FieldError("credentials.key",
                    "must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + key.length));
            return null;
        }
        return key;
    }
}
