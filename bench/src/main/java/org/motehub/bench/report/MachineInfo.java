// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run was measured on, as the report prints it.
 *
 * @param cores available processors
 * @param memoryBytes physical memory
 * @param cpuModel CPU model name from {@code /proc/cpuinfo}, or {@code unknown CPU}
 * @param java Java runtime name and version
 * @param os operating system name, version and architecture
 */
public record MachineInfo(int cores, long memoryBytes, String cpuModel, String java, String os) {

    /** @return the machine this JVM runs on. */
    public static MachineInfo current() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memory, cpuModel(Path.of("/proc/cpuinfo")),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** @return the first {@code model name} of a {@code /proc/cpuinfo}-like file, or {@code unknown CPU}. */
    static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? "unknown CPU" : line.substring(colon + 1).trim().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException e) {
            return "unknown CPU";
        }
        return "unknown CPU";
    }

    /** @return e.g. {@code 2 cores (Intel Xeon ...), 23.5 GiB, OpenJDK 17.0.15, Linux 6.1 amd64}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB RAM, %s, %s", cores, cpuModel,
                memoryBytes / (1024.0 * 1024 * 1024), java, os);
    }
}
