// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of a process (the server's, or the generator's own), in total and by thread group (thread names without
 * their numbers, e.g. {@code CoapServer(main)}, {@code DTLS-Worker}, {@code motehub-dispatch},
 * {@code C2_CompilerThread}), so that a figure can leave out the JIT compiler and a bottleneck can be pinned on a
 * thread pool. Groups come from Linux's {@code /proc/self/task}, at clock-tick resolution (10 ms); elsewhere there
 * are none.
 *
 * @param processNanos CPU time of the whole process
 * @param groupNanos CPU time by thread group
 */
public record ServerCpu(long processNanos, Map<String, Long> groupNanos) {

    /** Linux reports thread CPU time in clock ticks of 10 ms (USER_HZ = 100 on every common kernel). */
    private static final long NANOS_PER_TICK = 10_000_000;

    /**
     * @throws NullPointerException if {@code groupNanos} is null
     */
    public ServerCpu {
        groupNanos = Map.copyOf(Objects.requireNonNull(groupNanos, "groupNanos"));
    }

    /** @return this minus {@code earlier}: the CPU time spent in between. */
    public ServerCpu since(ServerCpu earlier) {
        Map<String, Long> groups = new LinkedHashMap<>();
        groupNanos.forEach((k, v) -> groups.put(k, v - earlier.groupNanos().getOrDefault(k, 0L)));
        return new ServerCpu(processNanos - earlier.processNanos(), groups);
    }

    /** @return CPU time of the JIT compiler threads. */
    public long jitNanos() {
        return groupNanos.entrySet().stream().filter(e -> e.getKey().matches("C\\d_?Compiler.*"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** @return the process's CPU time without the JIT compiler's. */
    public long withoutJitNanos() {
        return processNanos - jitNanos();
    }

    /**
     * @param operations what the CPU time is divided by
     * @return e.g. {@code CoapServer(main) 0.41, DTLS-Worker 0.30, ...} in milliseconds per operation, the largest
     *         groups first, those under 2 % of the total left out
     */
    public String perOperation(int operations) {
        long total = Math.max(1, groupNanos.values().stream().mapToLong(Long::longValue).sum());
        return groupNanos.entrySet().stream().filter(e -> e.getValue() * 50 >= total)
                .sorted(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(),
                        e.getValue() / 1e6 / Math.max(1, operations)))
                .collect(Collectors.joining(", "));
    }

    /** @return the CPU time of this JVM so far, in total and by thread group. */
    public static ServerCpu ofThisProcess() {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new ServerCpu(process, threadGroupCpuNanos());
    }

    /** Reads the CPU ticks of each thread from /proc/self/task and sums them by name without numbers. */
    private static Map<String, Long> threadGroupCpuNanos() {
        Map<String, Long> groups = new TreeMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return groups;
        }
        for (File task : tasks) {
            try {
                String comm = Files.readString(task.toPath().resolve("comm")).trim();
                String stat = Files.readString(task.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                groups.merge(threadGroup(comm), ticks * NANOS_PER_TICK, Long::sum);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return groups;
    }

    /** @return the thread name without numbers and addresses, spaces as underscores: {@code DTLS-Worker}. */
    static String threadGroup(String comm) {
        String name = comm.replaceAll("[/#:].*$", "").replaceAll("[-\\d. ]+$", "");
        return name.isEmpty() ? "other" : name.replace(' ', '_');
    }
}
