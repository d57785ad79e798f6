// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import org.motehub.model.ConflictException;
import org.motehub.model.Ids;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.device.Device;
import org.motehub.model.device.DeviceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command queue on a {@link CommandStore}. Status changes of one command are serialized by a striped lock and
 * only move forward (PENDING, SENT, then a final status); waiters are woken when a command finishes.
 * <p>
 * Unfinished commands are also kept in memory (loaded from the store at construction, written through on every
 * change), so that the dispatcher's look at a device's queue on each registration, update and wake-up, and every read
 * of a command in flight, cost a hash lookup instead of a RocksDB scan and a JSON decode. The store stays the
 * record: every change is written to it before it is visible in memory.
 */
public class DefaultCommandService implements CommandService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCommandService.class);
    private static final int STRIPES = 256;

    private final CommandStore store;
    private final DeviceService devices;
    private final Clock clock;
    private final Ids ids;
    private final Object[] stripes = new Object[STRIPES];
    private final ConcurrentHashMap<String, CompletableFuture<Command>> completions = new ConcurrentHashMap<>();
    private final List<CommandListener> listeners = new CopyOnWriteArrayList<>();
    /** Every unfinished command by device, oldest first; a device without one has no entry. */
    private final ConcurrentHashMap<String, TreeMap<String, Command>> unfinished = new ConcurrentHashMap<>();

    /**
     * @throws NullPointerException if an argument is null
     */
    public DefaultCommandService(CommandStore store, DeviceService devices, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new Ids(clock);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        for (Command c : store.allUnfinished()) {
            remember(c);
        }
    }

    /** Keeps the in-memory queue in step with a command just written to the store. */
    private void remember(Command command) {
        unfinished.compute(command.endpoint(), (endpoint, queue) -> {
            if (command.status().isFinal()) {
                if (queue != null) {
                    queue.remove(command.id());
                }
                return queue == null || queue.isEmpty() ? null : queue;
            }
            TreeMap<String, Command> q = queue == null ? new TreeMap<>() : queue;
            q.put(command.id(), command);
            return q;
        });
    }

    /** @return the unfinished command from memory, or null if it is not (or no longer) unfinished. */
    private Command inMemory(String endpoint, String id) {
        Command[] found = { null };
        unfinished.computeIfPresent(endpoint, (k, queue) -> {
            found[0] = queue.get(id);
            return queue;
        });
        return found[0];
    }

    /** @return the device's unfinished commands, oldest first, as they are now. */
    private List<Command> unfinishedOf(String endpoint) {
        List<Command> result = new ArrayList<>();
        unfinished.computeIfPresent(endpoint, (k, queue) -> {
            result.addAll(queue.values());
            return queue;
        });
        return result;
    }

    /** The command as it is now: from memory while it is unfinished, else from the store. */
    private Optional<Command> current(String endpoint, String id) {
        Command c = inMemory(endpoint, id);
        return c != null ? Optional.of(c) : store.find(endpoint, id);
    }

    private Object lockOf(String id) {
        return stripes[Math.floorMod(id.hashCode(), STRIPES)];
    }

    private static String waitKey(String endpoint, String id) {
        return endpoint + '\u0000' + id;
    }

    @Override
    public Command submit(String endpoint, CommandRequest request) {
        CommandRules.validate(request);
        Device device = devices.get(endpoint);
        if (!device.state().mayConnect()) {
            throw new ConflictException("device " + endpoint + " is " + device.state() + " and takes no commands");
        }
        Instant now = clock.instant();
        long expiry = request.expiresInSeconds() == null ? CommandRules.DEFAULT_EXPIRY_SECONDS
                : request.expiresInSeconds();
        String id = ids.next();
        while (store.find(endpoint, id).isPresent()) {
            id = ids.next(); // the clock went back across a restart: never overwrite a stored command
        }
        Command command = new Command(id, endpoint, request.type(), request.path(), request.value(),
                request.values(), request.arguments(), CommandStatus.PENDING, null, null, null, now, null, null,
                now.plusSeconds(expiry));
        synchronized (lockOf(id)) {
            store.put(command);
            remember(command);
        }
        LOG.debug("Command [{}] {} {} queued for device [{}]", command.id(), command.type(), command.path(), endpoint);
        for (CommandListener l : listeners) {
            try {
                l.commandQueued(command);
            } catch (RuntimeException e) {
                LOG.error("Command listener failed for device [{}]", endpoint, e);
            }
        }
        return current(endpoint, command.id()).orElse(command); // a listener may have sent it already
    }

    @Override
    public Optional<Command> find(String endpoint, String id) {
        return current(endpoint, id);
    }

    @Override
    public Command get(String endpoint, String id) {
        return current(endpoint, id)
                .orElseThrow(() -> new NotFoundException("no command " + id + " for device " + endpoint));
    }

    @Override
    public Page<Command> list(String endpoint, PageRequest page) {
        devices.get(endpoint);
        List<Command> items = store.list(endpoint, page.after().orElse(null), page.limit() + 1);
        if (items.size() > page.limit()) {
            List<Command> shown = items.subList(0, page.limit());
            return new Page<>(shown, PageRequest.cursorAfter(shown.get(shown.size() - 1).id()));
        }
        return new Page<>(items, null);
    }

    @Override
    public Command await(String endpoint, String id, Duration max) throws InterruptedException {
        CompletableFuture<Command> done = whenFinished(endpoint, id);
        if (done.isDone() || max.isZero() || max.isNegative()) {
            return done.isDone() ? done.join() : get(endpoint, id);
        }
        try {
            return done.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return get(endpoint, id);
        } catch (ExecutionException e) {
            throw new IllegalStateException("completion failed", e.getCause());
        }
    }

    @Override
    public CompletableFuture<Command> whenFinished(String endpoint, String id) {
        Command current = get(endpoint, id);
        if (current.status().isFinal()) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<Command> done = completions.computeIfAbsent(waitKey(endpoint, id),
                k -> new CompletableFuture<>());
        // it may have finished between the first look and the registration of the future
        current = get(endpoint, id);
        if (current.status().isFinal()) {
            completions.remove(waitKey(endpoint, id), done);
            done.complete(current);
        }
        return done;
    }

    @Override
    public List<Command> pending(String endpoint) {
        List<Command> result = new ArrayList<>();
        for (Command c : unfinishedOf(endpoint)) {
            if (c.status() == CommandStatus.PENDING) {
                result.add(c);
            }
        }
        return result;
    }

    @Override
    public List<Command> inFlight() {
        List<Command> result = new ArrayList<>();
        for (Command c : allUnfinished()) {
            if (c.status() == CommandStatus.SENT) {
                result.add(c);
            }
        }
        return result;
    }

    @Override
    public Optional<Command> markSent(String endpoint, String id) {
        return transition(endpoint, id, c -> c.status() == CommandStatus.PENDING ? c.sent(clock.instant()) : null);
    }

    @Override
    public void requeue(String endpoint, String id) {
        transition(endpoint, id, c -> c.status() == CommandStatus.SENT ? c.requeued() : null);
    }

    @Override
    public Command complete(String endpoint, String id, CommandOutcome outcome) {
        return finish(endpoint, id, c -> !c.status().isFinal(), outcome).orElseGet(() -> get(endpoint, id));
    }

    /** Finishes the command with {@code outcome} if {@code when} holds, and wakes its waiters. */
    private Optional<Command> finish(String endpoint, String id, Predicate<Command> when, CommandOutcome outcome) {
        Optional<Command> done = transition(endpoint, id,
                c -> when.test(c) ? c.completed(outcome, clock.instant()) : null);
        done.ifPresent(c -> {
            LOG.info("Command [{}] {} {} on device [{}] finished: {} {}", c.id(), c.type(), c.path(), endpoint,
                    c.status(), c.coapCode() == null ? "" : c.coapCode());
            CompletableFuture<Command> waiter = completions.remove(waitKey(endpoint, id));
            if (waiter != null) {
                waiter.complete(c);
            }
        });
        return done;
    }

    /** Applies {@code change} under the command's lock; a null result means "no change". */
    private Optional<Command> transition(String endpoint, String id, Function<Command, Command> change) {
        synchronized (lockOf(id)) {
            Optional<Command> current = current(endpoint, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Command next = change.apply(current.get());
            if (next == null) {
                return Optional.empty();
            }
            store.put(next);
            remember(next);
            return Optional.of(next);
        }
    }

    @Override
    public int expireOverdue() {
        Instant now = clock.instant();
        CommandOutcome expired = CommandOutcome.timedOut("the device was not reachable before the command expired");
        int count = 0;
        for (Command c : allUnfinished()) {
            if (c.status() == CommandStatus.PENDING && !c.expiresAt().isAfter(now)
                    && finish(c.endpoint(), c.id(), cur -> cur.status() == CommandStatus.PENDING, expired)
                            .isPresent()) {
                count++;
            }
        }
        return count;
    }

    /** @return every unfinished command of every device, oldest first per device. */
    private List<Command> allUnfinished() {
        List<Command> result = new ArrayList<>();
        for (String endpoint : unfinished.keySet()) {
            result.addAll(unfinishedOf(endpoint));
        }
        return result;
    }

    @Override
    public boolean mayHavePending(String endpoint) {
        return unfinished.containsKey(endpoint);
    }

    @Override
    public void addListener(CommandListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
