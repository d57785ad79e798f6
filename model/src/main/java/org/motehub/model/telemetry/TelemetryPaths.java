// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The LwM2M paths a series can have: a resource {@code /object/instance/resource} or a resource instance
 * {@code /object/instance/resource/instance}, each number 0 to 65535 without leading zeros.
 */
public final class TelemetryPaths {

    private static final Pattern SHAPE = Pattern.compile("(/(0|[1-9][0-9]{0,4})){3,4}");
    private static final int MAX_ID = 65_535;

    /** Orders paths as LwM2M does: by object, then instance, resource and resource instance, numerically. */
    public static final Comparator<String> ORDER = TelemetryPaths::compare;

    private TelemetryPaths() {
    }

    /** @return whether {@code path} names a resource or a resource instance. */
    public static boolean isValid(String path) {
        if (path == null || !SHAPE.matcher(path).matches()) {
            return false;
        }
        for (String part : path.substring(1).split("/")) {
            if (Integer.parseInt(part) > MAX_ID) {
                return false;
            }
        }
        return true;
    }

    private static int compare(String a, String b) {
        String[] x = a.substring(1).split("/");
        String[] y = b.substring(1).split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Long.compare(number(x[i]), number(y[i]));
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(x.length, y.length);
        return c != 0 ? c : a.compareTo(b);
    }

    private static long number(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
