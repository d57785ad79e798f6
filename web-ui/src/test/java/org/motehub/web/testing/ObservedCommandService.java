// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.testing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.command.Command;
import org.motehub.model.command.CommandListener;
import org.motehub.model.command.CommandOutcome;
import org.motehub.model.command.CommandRequest;
import org.motehub.model.command.CommandService;

/**
 * Passes every call to a real {@link CommandService} and reports each wait it enters ({@link #await} or
 * {@link #whenFinished}), so a test can act
 * exactly while a request is waiting instead of sleeping and hoping.
 */
public final class ObservedCommandService implements CommandService {

    private final CommandService delegate;
    private final BlockingQueue<String> awaiting = new LinkedBlockingQueue<>();

    /** Observes {@code delegate}. */
    public ObservedCommandService(CommandService delegate) {
        this.delegate = delegate;
    }

    /** @return the ids of the commands waited for so far, in order, each reported when the wait begins. */
    public BlockingQueue<String> awaiting() {
        return awaiting;
    }

    @Override
    public Command await(String endpoint, String id, Duration max) throws InterruptedException {
        awaiting.add(id);
        return delegate.await(endpoint, id, max);
    }

    @Override
    public CompletableFuture<Command> whenFinished(String endpoint, String id) {
        CompletableFuture<Command> done = delegate.whenFinished(endpoint, id);
        awaiting.add(id);
        return done;
    }

    @Override
    public Command submit(String endpoint, CommandRequest request) {
        return delegate.submit(endpoint, request);
    }

    @Override
    public Optional<Command> find(String endpoint, String id) {
        return delegate.find(endpoint, id);
    }

    @Override
    public Command get(String endpoint, String id) {
        return delegate.get(endpoint, id);
    }

    @Override
    public Page<Command> list(String endpoint, PageRequest page) {
        return delegate.list(endpoint, page);
    }

    @Override
    public List<Command> pending(String endpoint) {
        return delegate.pending(endpoint);
    }

    @Override
    public boolean mayHavePending(String endpoint) {
        return delegate.mayHavePending(endpoint);
    }

    @Override
    public List<Command> inFlight() {
        return delegate.inFlight();
    }

    @Override
    public Optional<Command> markSent(String endpoint, String id) {
        return delegate.markSent(endpoint, id);
    }

    @Override
    public void requeue(String endpoint, String id) {
        delegate.requeue(endpoint, id);
    }

    @Override
    public Command complete(String endpoint, String id, CommandOutcome outcome) {
        return delegate.complete(endpoint, id, outcome);
    }

    @Override
    public int expireOverdue() {
        return delegate.expireOverdue();
    }

    @Override
    public void addListener(CommandListener listener) {
        delegate.addListener(listener);
    }
}
