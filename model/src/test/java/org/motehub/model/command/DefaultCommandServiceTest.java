// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.motehub.model.ConflictException;
import org.motehub.model.FieldError;
import org.motehub.model.InvalidInputException;
import org.motehub.model.NotFoundException;
import org.motehub.model.Page;
import org.motehub.model.PageRequest;
import org.motehub.model.device.DefaultDeviceService;
import org.motehub.model.device.DeviceState;
import org.motehub.model.device.NewDevice;
import org.motehub.model.device.NewDevice.CredentialsInput;
import org.motehub.model.rocksdb.MotehubDb;
import org.motehub.model.rocksdb.RocksDbCommandStore;
import org.motehub.model.rocksdb.RocksDbDeviceStore;
import org.motehub.model.testing.MutableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class DefaultCommandServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String DEVICE = "dev-1";

    @TempDir
    Path dir;

    private MotehubDb db;
    private MutableClock clock;
    private DefaultDeviceService devices;
    private CommandStore store;
    private DefaultCommandService service;
    private final List<Command> queued = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @BeforeEach
    void start() {
        db = MotehubDb.open(dir);
        clock = MutableClock.at(T0);
        devices = new DefaultDeviceService(new RocksDbDeviceStore(db), clock);
        store = new RocksDbCommandStore(db);
        service = new DefaultCommandService(store, devices, clock);
        service.addListener(queued::add);
        createDevice(DEVICE);
        devices.registered(DEVICE, T0);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Thread t : threads) {
            t.interrupt();
            t.join(5_000);
            assertThat(t.isAlive()).as("thread %s ended", t.getName()).isFalse();
        }
        db.close();
    }

    private void createDevice(String endpoint) {
        devices.create(new NewDevice(endpoint, null,
                new CredentialsInput("PSK", "id-" + endpoint, "00112233445566778899aabbccddeeff")));
    }

    private Command read(String endpoint) {
        return service.submit(endpoint, CommandRequest.of(CommandType.READ, "/3/0"));
    }

    private Command readExpiringIn(long seconds) {
        return service.submit(DEVICE, new CommandRequest(CommandType.READ, "/3/0/9", null, null, null, seconds));
    }

    /** Runs {@code await} on a thread of its own and returns its future result once the thread is parked. */
    private CompletableFuture<Command> awaitInAnotherThread(Command command, Duration max) {
        CompletableFuture<Command> result = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                result.complete(service.await(command.endpoint(), command.id(), max));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "awaiter-" + command.id());
        threads.add(waiter);
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        assertThat(result).isNotDone();
        return result;
    }

    private static void assertInvalid(CommandRequest request, Runnable call, String... fields) {
        assertThatThrownBy(call::run).as("%s", request).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(fields));
    }

    private static CommandRequest request(CommandType type, String path, JsonNode value, JsonNode values,
            String arguments, Long expiresInSeconds) {
        return new CommandRequest(type, path, value, values, arguments, expiresInSeconds);
    }

    // ---- submit and validation ----

    static Stream<Arguments> invalidRequests() {
        ObjectNode nonNumericKey = JSON.objectNode().put("abc", 1);
        ObjectNode tooLargeKey = JSON.objectNode().put("70000", 1);
        ObjectNode values = JSON.objectNode().put("13", 0);
        JsonNode one = JSON.numberNode(1);
        return Stream.of(
                arguments(named("no type", request(null, "/3/0", null, null, null, null)), "type"),
                arguments(named("no path", request(CommandType.READ, null, null, null, null, null)), "path"),
                arguments(named("empty path", request(CommandType.READ, "", null, null, null, null)), "path"),
                arguments(named("/3/x", request(CommandType.READ, "/3/x", null, null, null, null)), "path"),
                arguments(named("/70000/0", request(CommandType.READ, "/70000/0", null, null, null, null)), "path"),
                arguments(named("/3/65535", request(CommandType.READ, "/3/65535", null, null, null, null)), "path"),
                arguments(named("/", request(CommandType.READ, "/", null, null, null, null)), "path"),
                arguments(named("3/0", request(CommandType.READ, "3/0", null, null, null, null)), "path"),
                arguments(named("/3/0/", request(CommandType.READ, "/3/0/", null, null, null, null)), "path"),
                arguments(named("/3/0/1/2/3", request(CommandType.READ, "/3/0/1/2/3", null, null, null, null)),
                        "path"),
                arguments(named("WRITE without value", request(CommandType.WRITE, "/3/0/13", null, null, null, null)),
                        "value"),
                arguments(named("WRITE with JSON null",
                        request(CommandType.WRITE, "/3/0/13", JSON.nullNode(), null, null, null)), "value"),
                arguments(named("WRITE of an array",
                        request(CommandType.WRITE, "/3/0/13", JSON.arrayNode().add(1), null, null, null)), "value"),
                arguments(named("WRITE on an object", request(CommandType.WRITE, "/3", one, null, null, null)),
                        "path"),
                arguments(named("WRITE instance without values",
                        request(CommandType.WRITE, "/3/0", null, null, null, null)), "values"),
                arguments(named("WRITE instance with values not an object",
                        request(CommandType.WRITE, "/3/0", null, one, null, null)), "values"),
                arguments(named("WRITE instance with empty values",
                        request(CommandType.WRITE, "/3/0", null, JSON.objectNode(), null, null)), "values"),
                arguments(named("WRITE instance with a non-numeric key",
                        request(CommandType.WRITE, "/3/0", null, nonNumericKey, null, null)), "values.abc"),
                arguments(named("WRITE instance with a key over 65535",
                        request(CommandType.WRITE, "/3/0", null, tooLargeKey, null, null)), "values.70000"),
                arguments(named("WRITE instance with value",
                        request(CommandType.WRITE, "/3/0", one, values, null, null)), "value"),
                arguments(named("WRITE resource with values",
                        request(CommandType.WRITE, "/3/0/13", one, values, null, null)), "values"),
                arguments(named("EXECUTE on an instance", request(CommandType.EXECUTE, "/3/0", null, null, null, null)),
                        "path"),
                arguments(named("EXECUTE on an object", request(CommandType.EXECUTE, "/3", null, null, null, null)),
                        "path"),
                arguments(named("EXECUTE with long arguments",
                        request(CommandType.EXECUTE, "/3/0/4", null, null, "a".repeat(1025), null)), "arguments"),
                arguments(named("DISCOVER a resource instance",
                        request(CommandType.DISCOVER, "/3/0/7/0", null, null, null, null)), "path"),
                arguments(named("value for READ", request(CommandType.READ, "/3/0/13", one, null, null, null)),
                        "value"),
                arguments(named("values for OBSERVE",
                        request(CommandType.OBSERVE, "/3/0", null, values, null, null)), "values"),
                arguments(named("arguments for READ", request(CommandType.READ, "/3/0/4", null, null, "x", null)),
                        "arguments"),
                arguments(named("expiresInSeconds 0", request(CommandType.READ, "/3/0", null, null, null, 0L)),
                        "expiresInSeconds"),
                arguments(named("expiresInSeconds -1", request(CommandType.READ, "/3/0", null, null, null, -1L)),
                        "expiresInSeconds"),
                arguments(named("expiresInSeconds over 30 days",
                        request(CommandType.READ, "/3/0", null, null, null, CommandRules.MAX_EXPIRY_SECONDS + 1)),
                        "expiresInSeconds"));
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @MethodSource("invalidRequests")
    void invalid_request_is_refused_naming_the_field_and_nothing_is_queued(CommandRequest request, String field) {
        assertInvalid(request, () -> service.submit(DEVICE, request), field);

        assertThat(store.list(DEVICE, null, 10)).isEmpty();
        assertThat(queued).isEmpty();
    }

    static Stream<Arguments> validRequests() {
        return Stream.of(
                arguments(named("READ object", request(CommandType.READ, "/3", null, null, null, null))),
                arguments(named("READ resource instance", request(CommandType.READ, "/3/0/7/1", null, null, null,
                        null))),
                arguments(named("READ with JSON null value",
                        request(CommandType.READ, "/3/0", JSON.nullNode(), JSON.nullNode(), null, null))),
                arguments(named("WRITE resource", request(CommandType.WRITE, "/1/0/1", JSON.numberNode(300), null,
                        null, null))),
                arguments(named("WRITE multi-instance resource",
                        request(CommandType.WRITE, "/3/0/7", JSON.objectNode().put("0", 1), null, null, null))),
                arguments(named("WRITE instance", request(CommandType.WRITE, "/1/0", null,
                        JSON.objectNode().put("1", 300).put("65535", true), null, null))),
                arguments(named("EXECUTE with arguments",
                        request(CommandType.EXECUTE, "/3/0/4", null, null, "0='a'", null))),
                arguments(named("EXECUTE without arguments",
                        request(CommandType.EXECUTE, "/3/0/4", null, null, null, null))),
                arguments(named("DISCOVER resource", request(CommandType.DISCOVER, "/3/0/1", null, null, null, null))),
                arguments(named("OBSERVE", request(CommandType.OBSERVE, "/3/0/13", null, null, null, 1L))),
                arguments(named("CANCEL_OBSERVE", request(CommandType.CANCEL_OBSERVE, "/3/0/13", null, null, null,
                        CommandRules.MAX_EXPIRY_SECONDS))));
    }

    @ParameterizedTest(name = "{0} is queued")
    @MethodSource("validRequests")
    void valid_request_is_queued(CommandRequest request) {
        Command command = service.submit(DEVICE, request);

        assertThat(command.status()).isEqualTo(CommandStatus.PENDING);
        assertThat(service.get(DEVICE, command.id())).isEqualTo(command);
    }

    @Test
    void every_broken_rule_is_reported_at_once() {
        CommandRequest request = request(null, "/3/x", null, null, null, 0L);

        assertInvalid(request, () -> service.submit(DEVICE, request), "type", "path", "expiresInSeconds");
    }

    @Test
    void submitted_command_is_pending_with_its_payload_and_default_expiry() {
        ObjectNode values = JSON.objectNode().put("1", 300);

        Command command = service.submit(DEVICE, request(CommandType.WRITE, "/1/0", null, values, null, null));

        assertThat(command.endpoint()).isEqualTo(DEVICE);
        assertThat(command.type()).isEqualTo(CommandType.WRITE);
        assertThat(command.path()).isEqualTo("/1/0");
        assertThat(command.values()).isEqualTo(values);
        assertThat(command.value()).isNull();
        assertThat(command.status()).isEqualTo(CommandStatus.PENDING);
        assertThat(command.createdAt()).isEqualTo(T0);
        assertThat(command.expiresAt()).isEqualTo(T0.plusSeconds(CommandRules.DEFAULT_EXPIRY_SECONDS));
        assertThat(command.sentAt()).isNull();
        assertThat(command.completedAt()).isNull();
        assertThat(service.find(DEVICE, command.id())).contains(command);
        assertThat(service.pending(DEVICE)).containsExactly(command);
    }

    @Test
    void requested_expiry_is_counted_from_submission() {
        clock.advance(Duration.ofMinutes(5));

        Command command = readExpiringIn(90);

        assertThat(command.expiresAt()).isEqualTo(T0.plusSeconds(300 + 90));
    }

    @Test
    void listener_hears_the_queued_command() {
        Command command = read(DEVICE);

        assertThat(queued).containsExactly(command);
    }

    @Test
    void submit_to_an_unknown_device_is_not_found() {
        assertThatThrownBy(() -> read("ghost")).isInstanceOf(NotFoundException.class);
        assertThat(store.list("ghost", null, 10)).isEmpty();
        assertThat(queued).isEmpty();
    }

    @Test
    void submit_to_a_provisioning_device_is_accepted() {
        createDevice("dev-2");

        assertThat(read("dev-2").status()).isEqualTo(CommandStatus.PENDING);
    }

    @Test
    void submit_to_a_suspended_or_decommissioned_device_is_refused() {
        devices.patch(DEVICE, null, DeviceState.SUSPENDED);
        assertThatThrownBy(() -> read(DEVICE)).isInstanceOf(ConflictException.class).hasMessageContaining("SUSPENDED");

        devices.decommission(DEVICE);
        assertThatThrownBy(() -> read(DEVICE)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("DECOMMISSIONED");

        assertThat(store.list(DEVICE, null, 10)).isEmpty();
        assertThat(queued).isEmpty();
    }

    @Test
    void commands_of_another_device_are_not_found() {
        createDevice("dev-2");
        Command command = read(DEVICE);

        assertThat(service.find("dev-2", command.id())).isEmpty();
        assertThatThrownBy(() -> service.get("dev-2", command.id())).isInstanceOf(NotFoundException.class);
    }

    // ---- ids and listing ----

    @Test
    void ids_strictly_increase_even_when_the_clock_stands_still() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(read(DEVICE).id());
        }

        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
        }
        assertThat(store.list(DEVICE, null, 100)).extracting(Command::id).containsExactlyElementsOf(ids);
    }

    @Test
    void listing_walks_every_command_oldest_first_with_the_cursor() {
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMillis(i % 2));
            submitted.add(read(DEVICE).id());
        }
        createDevice("dev-10");
        read("dev-10");

        List<String> walked = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            Page<Command> page = service.list(DEVICE, PageRequest.of(3, cursor));
            sizes.add(page.items().size());
            page.items().forEach(c -> walked.add(c.id()));
            if (page.next().isEmpty()) {
                break;
            }
            cursor = page.next().get();
        }

        assertThat(walked).containsExactlyElementsOf(submitted);
        assertThat(sizes).containsExactly(3, 3, 1);
    }

    @Test
    void a_page_that_holds_the_last_command_has_no_cursor() {
        for (int i = 0; i < 3; i++) {
            read(DEVICE);
        }

        Page<Command> page = service.list(DEVICE, PageRequest.of(3, null));

        assertThat(page.items()).hasSize(3);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void listing_of_an_unknown_device_is_not_found() {
        assertThatThrownBy(() -> service.list("ghost", PageRequest.first())).isInstanceOf(NotFoundException.class);
    }

    // ---- dispatch ----

    @Test
    void a_command_is_marked_sent_only_once() {
        Command command = read(DEVICE);
        Instant sentAt = clock.advance(Duration.ofSeconds(2));

        Command sent = service.markSent(DEVICE, command.id()).orElseThrow();

        assertThat(sent.status()).isEqualTo(CommandStatus.SENT);
        assertThat(sent.sentAt()).isEqualTo(sentAt);
        assertThat(service.get(DEVICE, command.id())).isEqualTo(sent);
        assertThat(service.markSent(DEVICE, command.id())).isEmpty();
        assertThat(service.pending(DEVICE)).isEmpty();
        assertThat(service.inFlight()).containsExactly(sent);
    }

    @Test
    void mark_sent_of_a_finished_or_unknown_command_does_nothing() {
        Command command = read(DEVICE);
        Command done = service.complete(DEVICE, command.id(), CommandOutcome.failed("4.04", "no such resource"));

        assertThat(service.markSent(DEVICE, command.id())).isEmpty();
        assertThat(service.get(DEVICE, command.id())).isEqualTo(done);
        assertThat(service.markSent(DEVICE, "ffffffffffffffff")).isEmpty();
    }

    @Test
    void requeue_moves_a_sent_command_back_to_pending() {
        Command command = read(DEVICE);
        service.markSent(DEVICE, command.id());

        service.requeue(DEVICE, command.id());

        Command requeued = service.get(DEVICE, command.id());
        assertThat(requeued.status()).isEqualTo(CommandStatus.PENDING);
        assertThat(requeued.sentAt()).isNull();
        assertThat(service.pending(DEVICE)).containsExactly(requeued);
        assertThat(service.inFlight()).isEmpty();
        assertThat(service.markSent(DEVICE, command.id())).isPresent();
    }

    @Test
    void requeue_leaves_pending_and_finished_commands_alone() {
        Command pending = read(DEVICE);
        Command finished = service.complete(DEVICE, read(DEVICE).id(), CommandOutcome.succeeded("2.05", null));

        service.requeue(DEVICE, pending.id());
        service.requeue(DEVICE, finished.id());

        assertThat(service.get(DEVICE, pending.id())).isEqualTo(pending);
        assertThat(service.get(DEVICE, finished.id())).isEqualTo(finished);
    }

    @Test
    void pending_and_in_flight_list_oldest_first_across_devices() {
        createDevice("dev-2");
        Command a = read(DEVICE);
        Command b = read("dev-2");
        Command c = read(DEVICE);
        Command d = read(DEVICE);
        Command sentC = service.markSent(DEVICE, c.id()).orElseThrow();
        Command sentB = service.markSent("dev-2", b.id()).orElseThrow();

        assertThat(service.pending(DEVICE)).containsExactly(a, d);
        assertThat(service.pending("dev-2")).isEmpty();
        assertThat(service.inFlight()).containsExactlyInAnyOrder(sentC, sentB);
    }

    @Test
    void may_have_pending_follows_the_queue_and_survives_a_restart() {
        createDevice("dev-2");
        assertThat(service.mayHavePending(DEVICE)).isFalse();
        Command a = read(DEVICE);
        Command b = read(DEVICE);
        Command sentB = service.markSent(DEVICE, b.id()).orElseThrow();
        assertThat(service.mayHavePending(DEVICE)).isTrue();
        assertThat(service.mayHavePending("dev-2")).isFalse();

        DefaultCommandService restarted = new DefaultCommandService(store, devices, clock);

        assertThat(restarted.mayHavePending(DEVICE)).isTrue();
        assertThat(restarted.pending(DEVICE)).containsExactly(a);
        assertThat(restarted.inFlight()).containsExactly(sentB);
        restarted.complete(DEVICE, a.id(), CommandOutcome.succeeded("2.05", null));
        assertThat(restarted.mayHavePending(DEVICE)).as("the sent command is still unfinished").isTrue();
        restarted.complete(DEVICE, b.id(), CommandOutcome.failed("4.04", "gone"));
        assertThat(restarted.mayHavePending(DEVICE)).isFalse();
        assertThat(restarted.get(DEVICE, b.id()).status()).isEqualTo(CommandStatus.FAILED);
        assertThat(new DefaultCommandService(store, devices, clock).mayHavePending(DEVICE)).isFalse();
        assertThat(store.unfinished(DEVICE)).isEmpty();
    }

    // ---- completion and waiting ----

    @Test
    void complete_records_the_outcome() {
        Command command = read(DEVICE);
        service.markSent(DEVICE, command.id());
        Instant doneAt = clock.advance(Duration.ofSeconds(3));
        JsonNode result = JSON.objectNode().put("value", "Acme");

        Command done = service.complete(DEVICE, command.id(), CommandOutcome.succeeded("2.05", result));

        assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(done.coapCode()).isEqualTo("2.05");
        assertThat(done.result()).isEqualTo(result);
        assertThat(done.error()).isNull();
        assertThat(done.completedAt()).isEqualTo(doneAt);
        assertThat(service.get(DEVICE, command.id())).isEqualTo(done);
        assertThat(service.inFlight()).isEmpty();
    }

    @Test
    void complete_on_a_finished_command_changes_nothing() {
        Command command = read(DEVICE);
        Command first = service.complete(DEVICE, command.id(), CommandOutcome.succeeded("2.05", JSON.numberNode(1)));
        clock.advance(Duration.ofSeconds(5));

        Command second = service.complete(DEVICE, command.id(), CommandOutcome.failed("5.00", "late failure"));

        assertThat(second).isEqualTo(first);
        assertThat(service.get(DEVICE, command.id())).isEqualTo(first);
    }

    @Test
    void complete_of_an_unknown_command_is_not_found() {
        assertThatThrownBy(() -> service.complete(DEVICE, "ffffffffffffffff", CommandOutcome.succeeded("2.05", null)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void when_finished_completes_on_completion_and_at_once_for_a_finished_command() throws Exception {
        Command command = read(DEVICE);
        CompletableFuture<Command> pending = service.whenFinished(DEVICE, command.id());
        assertThat(pending).isNotDone();

        service.complete(DEVICE, command.id(), CommandOutcome.failed("4.04", "gone"));

        assertThat(pending.get(5, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.FAILED);
        CompletableFuture<Command> finished = service.whenFinished(DEVICE, command.id());
        assertThat(finished).isDone();
        assertThat(finished.join().coapCode()).isEqualTo("4.04");
    }

    @Test
    void when_finished_of_an_unknown_command_is_refused() {
        assertThatThrownBy(() -> service.whenFinished(DEVICE, "0000000000000000"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void complete_wakes_an_await_running_in_another_thread() throws Exception {
        Command command = read(DEVICE);
        service.markSent(DEVICE, command.id());
        CompletableFuture<Command> awaited = awaitInAnotherThread(command, Duration.ofSeconds(30));

        service.complete(DEVICE, command.id(), CommandOutcome.succeeded("2.05", JSON.numberNode(7)));

        Command woken = awaited.get(5, TimeUnit.SECONDS);
        assertThat(woken.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(woken.result()).isEqualTo(JSON.numberNode(7));
    }

    @Test
    void two_waiters_on_one_command_are_both_woken() throws Exception {
        Command command = read(DEVICE);
        CompletableFuture<Command> first = awaitInAnotherThread(command, Duration.ofSeconds(30));
        CompletableFuture<Command> second = awaitInAnotherThread(command, Duration.ofSeconds(30));

        service.complete(DEVICE, command.id(), CommandOutcome.failed("4.05", "not allowed"));

        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.FAILED);
        assertThat(second.get(5, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.FAILED);
    }

    @Test
    void await_returns_the_pending_command_once_max_has_passed() throws Exception {
        Command command = read(DEVICE);
        long started = System.nanoTime();

        Command current = service.await(DEVICE, command.id(), Duration.ofMillis(200));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(current).isEqualTo(command);
    }

    @Test
    void await_of_a_finished_command_returns_at_once() throws Exception {
        Command command = read(DEVICE);
        Command done = service.complete(DEVICE, command.id(), CommandOutcome.succeeded("2.05", null));
        long started = System.nanoTime();

        Command current = service.await(DEVICE, command.id(), Duration.ofSeconds(30));

        assertThat(current).isEqualTo(done);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void await_of_an_unknown_command_is_not_found() {
        assertThatThrownBy(() -> service.await(DEVICE, "ffffffffffffffff", Duration.ofSeconds(1)))
                .isInstanceOf(NotFoundException.class);
    }

    // ---- expiry ----

    @Test
    void expire_overdue_times_out_only_overdue_pending_commands_and_wakes_their_waiters() throws Exception {
        createDevice("dev-2");
        Command overdue = readExpiringIn(60);
        Command sent = readExpiringIn(60);
        service.markSent(DEVICE, sent.id());
        Command future = readExpiringIn(3600);
        Command overdueElsewhere = service.submit("dev-2",
                new CommandRequest(CommandType.READ, "/3/0", null, null, null, 30L));
        CompletableFuture<Command> waiter = awaitInAnotherThread(overdue, Duration.ofSeconds(30));
        Instant expiry = clock.advance(Duration.ofSeconds(60));

        int expired = service.expireOverdue();

        assertThat(expired).isEqualTo(2);
        Command timedOut = service.get(DEVICE, overdue.id());
        assertThat(timedOut.status()).isEqualTo(CommandStatus.TIMED_OUT);
        assertThat(timedOut.completedAt()).isEqualTo(expiry);
        assertThat(timedOut.error()).isNotBlank();
        assertThat(service.get("dev-2", overdueElsewhere.id()).status()).isEqualTo(CommandStatus.TIMED_OUT);
        assertThat(service.get(DEVICE, sent.id()).status()).isEqualTo(CommandStatus.SENT);
        assertThat(service.get(DEVICE, future.id())).isEqualTo(future);
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(timedOut);
        assertThat(service.pending(DEVICE)).containsExactly(future);
    }

    @Test
    void nothing_expires_before_its_time_or_twice() {
        Command command = readExpiringIn(60);

        clock.advance(Duration.ofSeconds(59));
        assertThat(service.expireOverdue()).isZero();
        assertThat(service.get(DEVICE, command.id()).status()).isEqualTo(CommandStatus.PENDING);

        clock.advance(Duration.ofSeconds(2));
        assertThat(service.expireOverdue()).isEqualTo(1);
        assertThat(service.expireOverdue()).isZero();
    }
}
