// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TelemetryPathsTest {

    @Test
    void resources_and_resource_instances_are_valid_paths() {
        for (String path : List.of("/3303/0/5700", "/3/0/7/1", "/0/0/0", "/65535/65535/65535/65535")) {
            assertThat(TelemetryPaths.isValid(path)).as(path).isTrue();
        }
    }

    @Test
    void objects_instances_malformed_and_out_of_range_paths_are_not() {
        for (String path : new String[] { null, "", "/", "/3", "/3/0", "/3/0/1/2/3", "3/0/1", "/3/0/1/", "/3//1",
                "/3/00/1", "/3/0/x", "/65536/0/1", "/3/0/-1", "/3/0/1 " }) {
            assertThat(TelemetryPaths.isValid(path)).as(String.valueOf(path)).isFalse();
        }
    }

    @Test
    void paths_sort_numerically_segment_by_segment() {
        List<String> paths = new ArrayList<>(List.of("/3303/0/5700", "/3/0/10", "/3/0/9", "/3/0/7/1", "/3/0/7",
                "/3/1/0", "/10/0/0"));
        paths.sort(TelemetryPaths.ORDER);

        assertThat(paths).containsExactly("/3/0/7", "/3/0/7/1", "/3/0/9", "/3/0/10", "/3/1/0", "/10/0/0",
                "/3303/0/5700");
    }
}
