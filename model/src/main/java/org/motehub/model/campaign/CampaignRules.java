// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;

/** Checks campaign requests field by field, and splits a campaign's devices into waves. */
public final class CampaignRules {

    /** Waves when none are given: 1 %, then 10 %, 50 % and 100 % of the devices, cumulatively. */
    public static final List<Integer> DEFAULT_WAVES = List.of(1, 10, 50, 100);
    public static final int DEFAULT_FAILURE_THRESHOLD = 10;
    public static final int DEFAULT_MAX_CONCURRENT = 50;
    public static final int MAX_CONCURRENT_LIMIT = 10_000;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_ENDPOINTS = 100_000;
    public static final int MAX_WAVES = 20;
    /** How long a device's update waits for the device to come online when the campaign does not say. */
    public static final Duration DEFAULT_DEVICE_WAIT = Duration.ofHours(24);
    public static final Duration MIN_DEVICE_WAIT = Duration.ofSeconds(1);
    public static final Duration MAX_DEVICE_WAIT = Duration.ofDays(365);
    /** The field naming {@link NewCampaign#deviceWait()} in errors, as the REST body gives it. */
    public static final String DEVICE_WAIT_FIELD = "deviceWaitSeconds";

    private CampaignRules() {
    }

    /**
     * @throws InvalidInputException naming every bad field of {@code request}
     */
    public static void validate(NewCampaign request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new InvalidInputException("body", "is required");
        }
        if (request.name() == null || request.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (request.name().length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "is longer than " + MAX_NAME_LENGTH + " characters"));
        }
        if (request.firmwareId() == null || request.firmwareId().isBlank()) {
            errors.add(new FieldError("firmwareId", "is required"));
        }
        checkTarget(request.target(), errors);
        if (request.waves() != null) {
            checkWaves(request.waves(), errors);
        }
        if (request.failureThreshold() != null
                && (request.failureThreshold() < 0 || request.failureThreshold() > 100)) {
            errors.add(new FieldError("failureThreshold", "must be a percentage between 0 and 100"));
        }
        if (request.maxConcurrent() != null
                && (request.maxConcurrent() < 1 || request.maxConcurrent() > MAX_CONCURRENT_LIMIT)) {
            errors.add(new FieldError("maxConcurrent", "must be between 1 and " + MAX_CONCURRENT_LIMIT));
        }
        if (request.deviceWait() != null && (request.deviceWait().compareTo(MIN_DEVICE_WAIT) < 0
                || request.deviceWait().compareTo(MAX_DEVICE_WAIT) > 0)) {
            errors.add(new FieldError(DEVICE_WAIT_FIELD, "must be between " + MIN_DEVICE_WAIT.toSeconds() + " and "
                    + MAX_DEVICE_WAIT.toSeconds() + " seconds"));
        }
        if (request.window() != null) {
            MaintenanceWindow.check(request.window(), "window", errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static void checkTarget(CampaignTarget target, List<FieldError> errors) {
        if (target == null) {
            errors.add(new FieldError("target", "is required: one of endpoints, profile or deviceType"));
            return;
        }
        int given = (target.endpoints() != null ? 1 : 0) + (target.profile() != null ? 1 : 0)
                + (target.deviceType() != null ? 1 : 0);
        if (given != 1) {
            errors.add(new FieldError("target", "must give exactly one of endpoints, profile or deviceType"));
            return;
        }
        if (target.endpoints() != null) {
            if (target.endpoints().isEmpty()) {
                errors.add(new FieldError("target.endpoints", "must list at least one device"));
            } else if (target.endpoints().size() > MAX_ENDPOINTS) {
                errors.add(new FieldError("target.endpoints", "may list at most " + MAX_ENDPOINTS + " devices"));
            } else {
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < target.endpoints().size(); i++) {
                    String e = target.endpoints().get(i);
                    if (e == null || e.isBlank()) {
                        errors.add(new FieldError("target.endpoints[" + i + "]", "must not be empty"));
                    } else if (!seen.add(e)) {
                        errors.add(new FieldError("target.endpoints[" + i + "]", "lists " + e + " twice"));
                    }
                }
            }
        }
        if (target.profile() != null && target.profile().isBlank()) {
            errors.add(new FieldError("target.profile", "must not be empty"));
        }
        if (target.deviceType() != null && target.deviceType().isBlank()) {
            errors.add(new FieldError("target.deviceType", "must not be empty"));
        }
    }

    private static void checkWaves(List<Integer> waves, List<FieldError> errors) {
        if (waves.isEmpty() || waves.size() > MAX_WAVES) {
            errors.add(new FieldError("waves", "must list 1 to " + MAX_WAVES + " percentages"));
            return;
        }
        int previous = 0;
        for (int i = 0; i < waves.size(); i++) {
            Integer p = waves.get(i);
            if (p == null || p < 1 || p > 100) {
                errors.add(new FieldError("waves[" + i + "]", "must be a percentage between 1 and 100"));
                return;
            }
            if (p <= previous) {
                errors.add(new FieldError("waves[" + i + "]", "must be greater than the wave before it ("
                        + previous + "): waves are cumulative percentages"));
                return;
            }
            previous = p;
        }
        if (previous != 100) {
            errors.add(new FieldError("waves", "the last wave must be 100"));
        }
    }

    /**
     * Cumulative device counts of the waves: {@code ceil(p * devices / 100)}, at least 1 when there are devices. So
     * 1/10/50/100 % of 200 devices gives 2, 20, 100, 200.
     */
    public static List<Integer> waveEnds(List<Integer> waves, int devices) {
        List<Integer> ends = new ArrayList<>(waves.size());
        for (int p : waves) {
            int end = (int) ((p * (long) devices + 99) / 100);
            ends.add(devices == 0 ? 0 : Math.min(devices, Math.max(1, end)));
        }
        return ends;
    }
}
