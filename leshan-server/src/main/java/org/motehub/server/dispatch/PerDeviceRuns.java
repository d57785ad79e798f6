// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.dispatch;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs some work for one device at a time, on an executor: a request while the device's run is going on is not lost
 * and not run beside it, it makes one more run once this one has {@link #finished}. The components that act on a
 * device when it can be reached (command dispatcher, firmware update driver, profile observer) hear several events
 * at once for the same device; this keeps them from working on it twice in parallel or missing the last event.
 * <p>
 * A run may end on another thread than it started on (after an asynchronous request), so it tells its end itself:
 * {@link #finished} (look again if asked meanwhile), {@link #proceed} (go on with another pass of the same run) or
 * {@link #abandon} (stop without looking again).
 */
public final class PerDeviceRuns {

    private static final Logger LOG = LoggerFactory.getLogger(PerDeviceRuns.class);

    /** endpoint -> whether another run was requested during the current one; absent when none runs. */
    private final ConcurrentHashMap<String, Boolean> runs = new ConcurrentHashMap<>();
    private final String name;
    private final Executor executor;
    private final Consumer<String> run;

    /**
     * @param name who runs, for the log
     * @param run the work for one device, given its endpoint; it must end with {@link #finished}, {@link #proceed} or
     *        {@link #abandon}, on any thread
     */
    public PerDeviceRuns(String name, Executor executor, Consumer<String> run) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.run = Objects.requireNonNull(run, "run");
    }

    /** Starts a run for the device, or asks the running one for one more pass after it. */
    public void request(String endpoint) {
        for (;;) {
            Boolean requestedAgain = runs.putIfAbsent(endpoint, Boolean.FALSE);
            if (requestedAgain == null) {
                submit(endpoint);
                return;
            }
            if (requestedAgain || runs.replace(endpoint, Boolean.FALSE, Boolean.TRUE)) {
                return; // the run looks again before it ends
            }
            // the run ended between the two calls: start a new one
        }
    }

    /** The device's run is over: another starts if one was requested meanwhile. */
    public void finished(String endpoint) {
        boolean[] again = { false };
        runs.computeIfPresent(endpoint, (k, requestedAgain) -> {
            again[0] = requestedAgain;
            return requestedAgain ? Boolean.FALSE : null;
        });
        if (again[0]) {
            submit(endpoint); // an end told twice, or after abandon, starts nothing
        }
    }

    /** The device's run goes on with another pass on the executor (it still holds the device). */
    public void proceed(String endpoint) {
        submit(endpoint);
    }

    /** The device's run stops without another, even if one was requested (after a failure, or at a stop). */
    public void abandon(String endpoint) {
        runs.remove(endpoint);
    }

    private void submit(String endpoint) {
        try {
            executor.execute(() -> run.accept(endpoint));
        } catch (RejectedExecutionException e) {
            runs.remove(endpoint);
            LOG.debug("{} stopped; device [{}] is looked at after the next start", name, endpoint);
        }
    }
}
