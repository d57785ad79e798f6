// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the load generator in a JVM whose heap is fixed and touched before any measurement.
 *
 * <p>
 * The generator shares the machine's cores with the server under test, so its own cost must not depend on which
 * server is measured first. With the JVM's default heap (1/64 of the memory at start, grown on demand), the first
 * server's storm paid for the generator growing its heap: in 2,000-device storms on 2 cores, the generator spent
 * about twice the CPU per registration against whichever server ran first, and that server's rate dropped by a
 * third (Motehub / Leshan was 0.47 with Motehub first and 1.38 with Leshan first). A fixed, pre-touched heap gives
 * both servers the same generator.
 */
final class GeneratorJvm {

    /** Set in the generator's own JVM, so that it does not start another one. */
    static final String CHILD_PROPERTY = "motehub.bench.generator";
    /** The command the user typed, carried into the generator's JVM for the report. */
    static final String COMMAND_PROPERTY = "motehub.bench.command";

    private GeneratorJvm() {
    }

    /** @return whether this JVM is already the generator's. */
    static boolean isGenerator() {
        return Boolean.getBoolean(CHILD_PROPERTY);
    }

    /** @return the user's command line, when this JVM was started by {@link #relaunch}. */
    static Optional<String> userCommand() {
        return Optional.ofNullable(System.getProperty(COMMAND_PROPERTY));
    }

    /**
     * Runs the same benchmark in a new JVM with {@code jvmOptions} and waits for it.
     *
     * @return the new JVM's exit code
     */
    static int relaunch(List<String> jvmOptions, List<String> args, String userCommand)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-D" + CHILD_PROPERTY + "=true");
        command.add("-D" + COMMAND_PROPERTY + "=" + userCommand);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchMain.class.getName());
        command.addAll(args);
        Process process = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "generator-stop"));
        return process.waitFor();
    }
}
