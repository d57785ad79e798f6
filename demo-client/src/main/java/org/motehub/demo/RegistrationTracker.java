// SPDX-License-Identifier: Apache-2.0
package org.motehub.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.leshan.client.observer.LwM2mClientObserver;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which devices of a fleet are registered, from Leshan's client callbacks, and lets callers wait until enough
 * of them are. A device counts as registered while its last register or update succeeded.
 * <p>
 * Callbacks run on Leshan's shared executor and only touch a concurrent set and a condition, so they return at once.
 */
final class RegistrationTracker {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationTracker.class);

    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;

    /**
     * Returns an observer to add to the {@code LeshanClient} of one device.
     *
     * @param endpoint the device endpoint
     * @return a new observer that reports to this tracker
     * @throws NullPointerException if {@code endpoint} is null
     */
    LwM2mClientObserver observerFor(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return new DeviceObserver(endpoint);
    }

    /** Returns how many devices are registered now. */
    int registeredCount() {
        return registered.size();
    }

    /**
     * Waits until at least {@code count} devices are registered at the same time.
     *
     * @param count the number of devices to wait for
     * @param timeout how long to wait at most
     * @return true if reached, false on timeout or if the tracker was closed
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitRegistered(int count, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (registered.size() < count) {
                if (closed || remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every device and wakes up waiters for good: used when the fleet stops. */
    void close() {
        lock.lock();
        try {
            closed = true;
            registered.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void mark(String endpoint, boolean isRegistered) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            boolean modified = isRegistered ? registered.add(endpoint) : registered.remove(endpoint);
            if (modified) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private final class DeviceObserver extends LwM2mClientObserverAdapter {

        private final String endpoint;

        DeviceObserver(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationId) {
            LOG.debug("device [{}] registered at [{}] with id [{}]", endpoint, server.getUri(), registrationId);
            mark(endpoint, true);
        }

        @Override
        public void onRegistrationFailure(LwM2mServer server, RegisterRequest request, ResponseCode responseCode,
                String errorMessage, Exception cause) {
            LOG.warn("device [{}] registration at [{}] failed: [{}] [{}]", endpoint, server.getUri(), responseCode,
                    cause != null ? cause.toString() : errorMessage);
            mark(endpoint, false);
        }

        @Override
        public void onRegistrationTimeout(LwM2mServer server, RegisterRequest request) {
            LOG.warn("device [{}] registration at [{}] timed out", endpoint, server.getUri());
            mark(endpoint, false);
        }

        @Override
        public void onUpdateSuccess(LwM2mServer server, UpdateRequest request) {
            LOG.debug("device [{}] registration updated at [{}]", endpoint, server.getUri());
            mark(endpoint, true);
        }

        @Override
        public void onUpdateFailure(LwM2mServer server, UpdateRequest request, ResponseCode responseCode,
                String errorMessage, Exception cause) {
            // Leshan re-registers next; that attempt reports success or failure again
            LOG.info("device [{}] registration update at [{}] failed: [{}] [{}]", endpoint, server.getUri(),
                    responseCode, cause != null ? cause.toString() : errorMessage);
            mark(endpoint, false);
        }

        @Override
        public void onUpdateTimeout(LwM2mServer server, UpdateRequest request) {
            LOG.info("device [{}] registration update at [{}] timed out", endpoint, server.getUri());
            mark(endpoint, false);
        }

        @Override
        public void onDeregistrationStarted(LwM2mServer server, DeregisterRequest request) {
            mark(endpoint, false);
        }

        @Override
        public void onDeregistrationSuccess(LwM2mServer server, DeregisterRequest request) {
            LOG.debug("device [{}] deregistered from [{}]", endpoint, server.getUri());
        }

        @Override
        public void onUnexpectedError(Throwable unexpectedError) {
            LOG.error("device [{}] stopped after an unexpected error", endpoint, unexpectedError);
            mark(endpoint, false);
        }
    }
}
