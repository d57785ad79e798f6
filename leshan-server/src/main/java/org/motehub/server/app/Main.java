// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.bridge.SLF4JBridgeHandler;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code motehub} command line: {@code serve} runs the server, {@code demo} runs it with a simulated fleet,
 * {@code provision} creates the devices of a manifest through a running server.
 */
@Command(name = "motehub", mixinStandardHelpOptions = true, version = "Motehub 0.1.0",
        description = "Device-management server for LwM2M devices over CoAP/DTLS.",
        subcommands = { Main.Serve.class, DemoCommand.class, ProvisionCommand.class })
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: serve, demo or provision");
    }

    /** Runs the server until Ctrl-C or SIGTERM, then shuts it down cleanly. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the Motehub server with its embedded store.")
    static final class Serve implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            ServerSettings settings = Main.settings(spec, options);
            MotehubServer server = MotehubServer.create(settings);
            runUntilStopped(server::start, server::close);
            return 0;
        }
    }

    static ServerSettings settings(CommandSpec spec, ServerOptions options) {
        try {
            return options.toSettings();
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Starts, then blocks until the JVM is asked to stop; the shutdown hook stops cleanly. */
    static void runUntilStopped(Runnable start, Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                stopped.countDown();
            }
        }, "motehub-shutdown"));
        try {
            start.run();
        } catch (RuntimeException | Error e) {
            stop.run(); // a half-started server must not keep the JVM alive
            throw e;
        }
        stopped.await();
    }
}
