// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.InvalidLwM2mPathException;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;

/**
 * Checks a {@link ProfileInput} against the server's object models and the content formats its LwM2M stack can
 * decode, naming every bad field by its JSON path (for example {@code observe[2].st}).
 */
public final class ProfileRules {

    /** Longest profile name and device type. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Most paths one profile may observe. */
    public static final int MAX_PATHS = 64;
    /** Longest registration lifetime a profile may ask for: one year. */
    public static final long MAX_LIFETIME_SECONDS = 31_536_000L;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern PATH = Pattern.compile("(/\\d{1,5}){2,4}");

    private final LwM2mModel model;
    private final Set<ProfileContentFormat> contentFormats;

    /**
     * @param model the object models the server knows, to check paths and attribute applicability
     * @param contentFormats the content formats the server can decode, hence may be preferred
     * @throws NullPointerException if an argument is null
     */
    public ProfileRules(LwM2mModel model, Set<ProfileContentFormat> contentFormats) {
        this.model = Objects.requireNonNull(model, "model");
        this.contentFormats = contentFormats.isEmpty() ? EnumSet.noneOf(ProfileContentFormat.class)
                : EnumSet.copyOf(contentFormats);
    }

    /** @return the content formats a profile may prefer on this server. */
    public Set<ProfileContentFormat> contentFormats() {
        return Collections.unmodifiableSet(contentFormats);
    }

    /**
     * @param input the operator's profile
     * @return the observed paths in canonical form
     * @throws InvalidInputException naming every bad field
     */
    public List<ObservedPath> validate(ProfileInput input) {
        List<FieldError> errors = new ArrayList<>();
        checkName(input.name(), "name", true, errors);
        checkName(input.deviceType(), "deviceType", false, errors);
        List<ObservedPath> paths = checkObserve(input.observe(), errors);
        checkContentFormat(input, errors);
        Long lifetime = input.lifetimeSeconds();
        if (lifetime != null && (lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS)) {
            errors.add(new FieldError("lifetimeSeconds", "must be between 1 and " + MAX_LIFETIME_SECONDS));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return paths;
    }

    /** Adds an error under {@code field} unless {@code name} is a valid profile name (or absent and optional). */
    public static void checkName(String name, String field, boolean required, List<FieldError> errors) {
        if (name == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_NAME_LENGTH + " letters, digits and . _ -"));
        }
    }

    private List<ObservedPath> checkObserve(List<ObservedPath> observe, List<FieldError> errors) {
        if (observe == null) {
            return List.of();
        }
        if (observe.size() > MAX_PATHS) {
            errors.add(new FieldError("observe", "must have at most " + MAX_PATHS + " paths"));
            return List.of();
        }
        List<ObservedPath> result = new ArrayList<>();
        List<LwM2mPath> seen = new ArrayList<>();
        for (int i = 0; i < observe.size(); i++) {
            String field = "observe[" + i + "]";
            ObservedPath p = observe.get(i);
            if (p == null) {
                errors.add(new FieldError(field, "must be an object with a path"));
                continue;
            }
            LwM2mPath path = parsePath(p.path(), field + ".path", errors);
            if (path == null) {
                continue;
            }
            for (int j = 0; j < seen.size(); j++) {
                LwM2mPath other = seen.get(j);
                if (other != null && (path.startWith(other) || other.startWith(path))) {
                    errors.add(new FieldError(field + ".path", "overlaps observe[" + j + "].path (" + other + ")"));
                }
            }
            seen.add(path);
            ResourceModel resource = checkModel(path, field + ".path", errors);
            checkAttributes(p, path, resource, field, errors);
            result.add(new ObservedPath(path.toString(), p.pmin(), p.pmax(), p.gt(), p.lt(), p.st()));
        }
        return result;
    }

    private static LwM2mPath parsePath(String text, String field, List<FieldError> errors) {
        if (text == null) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!PATH.matcher(text).matches()) {
            errors.add(new FieldError(field, "must be an object instance, resource or resource instance path such as "
                    + "/3303/0/5700"));
            return null;
        }
        try {
            return new LwM2mPath(text);
        } catch (InvalidLwM2mPathException e) {
            errors.add(new FieldError(field, "is not a valid LwM2M path: " + e.getMessage()));
            return null;
        }
    }

    /** @return the resource's model when the path names a resource or resource instance the model knows. */
    private ResourceModel checkModel(LwM2mPath path, String field, List<FieldError> errors) {
        ObjectModel object = model.getObjectModel(path.getObjectId());
        if (object == null) {
            errors.add(new FieldError(field, "object " + path.getObjectId()
                    + " is not in the server's object models (add its DDF file with --models)"));
            return null;
        }
        if (path.isObjectInstance()) {
            return null;
        }
        ResourceModel resource = object.resources.get(path.getResourceId());
        if (resource == null) {
            errors.add(new FieldError(field, "resource " + path.getResourceId() + " is not defined for object "
                    + path.getObjectId() + " (" + object.name + ")"));
            return null;
        }
        if (path.isResourceInstance() && !resource.multiple) {
            errors.add(new FieldError(field, "resource " + path.toResourcePath() + " (" + resource.name
                    + ") has a single instance"));
        }
        return resource;
    }

    private static void checkAttributes(ObservedPath p, LwM2mPath path, ResourceModel resource, String field,
            List<FieldError> errors) {
        if (p.pmin() != null && p.pmin() < 0) {
            errors.add(new FieldError(field + ".pmin", "must be 0 or more seconds"));
        }
        if (p.pmax() != null && p.pmax() < 0) {
            errors.add(new FieldError(field + ".pmax", "must be 0 or more seconds"));
        }
        if (p.pmin() != null && p.pmax() != null && p.pmax() > 0 && p.pmax() < p.pmin()) {
            errors.add(new FieldError(field + ".pmax", "must not be less than pmin"));
        }
        boolean numeric = resource != null && resource.type != null && resource.type.isNumeric();
        checkThreshold(p.gt(), "gt", path, numeric, field, errors);
        checkThreshold(p.lt(), "lt", path, numeric, field, errors);
        checkThreshold(p.st(), "st", path, numeric, field, errors);
        if (p.st() != null && Double.isFinite(p.st()) && p.st() <= 0) {
            errors.add(new FieldError(field + ".st", "must be greater than 0"));
        }
        if (p.lt() != null && p.gt() != null && !(p.lt() < p.gt())) {
            errors.add(new FieldError(field + ".lt", "must be less than gt"));
        } else if (p.lt() != null && p.gt() != null && p.st() != null && !(p.lt() + 2 * p.st() < p.gt())) {
            errors.add(new FieldError(field + ".st", "must satisfy lt + 2 * st < gt"));
        }
    }

    private static void checkThreshold(Double value, String name, LwM2mPath path, boolean numeric, String field,
            List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (!Double.isFinite(value)) {
            errors.add(new FieldError(field + "." + name, "must be a finite number"));
        } else if (path.isObjectInstance() || !numeric) {
            errors.add(new FieldError(field + "." + name, "applies only to a numeric resource"));
        }
    }

    private void checkContentFormat(ProfileInput input, List<FieldError> errors) {
        boolean composite = Boolean.TRUE.equals(input.compositeObserve());
        if (input.contentFormat() == null) {
            if (composite && contentFormats.stream().noneMatch(ProfileContentFormat::supportsComposite)) {
                errors.add(new FieldError("compositeObserve", "needs a SenML or LwM2M-CBOR codec on the server"));
            }
            return;
        }
        ProfileContentFormat format = ProfileContentFormat.named(input.contentFormat()).orElse(null);
        if (format == null || !contentFormats.contains(format)) {
            errors.add(new FieldError("contentFormat", "must be one of " + contentFormats));
        } else if (composite && !format.supportsComposite()) {
            errors.add(new FieldError("contentFormat", format + " cannot carry an Observe-Composite; use one of "
                    + contentFormats.stream().filter(ProfileContentFormat::supportsComposite).toList()));
        }
    }
}
