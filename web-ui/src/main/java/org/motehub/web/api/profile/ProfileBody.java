// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.profile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.profile.ObservedPath;
import org.motehub.model.profile.ProfileInput;

/**
 * The body of {@code POST /api/v1/profiles} and {@code PUT /api/v1/profiles/{name}}; the profile service validates
 * its content. Whole-second fields are read as decimals so that {@code 1.5} is refused instead of truncated.
 *
 * @param name the profile name (on PUT: absent or the name in the URL)
 * @param deviceType the kind of device, or null
 * @param observe the paths to observe with their attributes
 * @param compositeObserve whether to use one Observe-Composite on LwM2M 1.1 devices
 * @param contentFormat the preferred content format name
 * @param queueMode whether devices are expected to use queue mode
 * @param lifetimeSeconds the registration lifetime devices should use
 */
public record ProfileBody(String name, String deviceType, List<PathBody> observe, Boolean compositeObserve,
        String contentFormat, Boolean queueMode, BigDecimal lifetimeSeconds) {

    /**
     * One observed path as posted.
     *
     * @param path the LwM2M path
     * @param pmin minimum period, whole seconds
     * @param pmax maximum period, whole seconds
     * @param gt greater-than threshold
     * @param lt less-than threshold
     * @param st step
     */
    public record PathBody(String path, BigDecimal pmin, BigDecimal pmax, Double gt, Double lt, Double st) {
    }

    /**
     * @return the service's input for this body
     * @throws InvalidInputException naming each whole-second field that is not a whole number
     */
    public ProfileInput toInput() {
        List<FieldError> errors = new ArrayList<>();
        List<ObservedPath> paths = null;
        if (observe != null) {
            paths = new ArrayList<>();
            for (int i = 0; i < observe.size(); i++) {
                PathBody p = observe.get(i);
                String field = "observe[" + i + "]";
                paths.add(p == null ? null : new ObservedPath(p.path(), seconds(p.pmin(), field + ".pmin", errors),
                        seconds(p.pmax(), field + ".pmax", errors), p.gt(), p.lt(), p.st()));
            }
        }
        Long lifetime = seconds(lifetimeSeconds, "lifetimeSeconds", errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new ProfileInput(name, deviceType, paths, compositeObserve, contentFormat, queueMode, lifetime);
    }

    private static Long seconds(BigDecimal value, String field, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            errors.add(new FieldError(field, "must be a whole number of seconds"));
            return null;
        }
    }
}
