// SPDX-License-Identifier: Apache-2.0
package org.motehub.model.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The behaviour every {@link CommandStore} must have. Each implementation's test extends this class and supplies the
 * store; never copy these cases. Published in the {@code motehub-model} test-jar.
 */
public abstract class CommandStoreContract {

    /** A fixed instant with nanoseconds, so that a store that loses precision fails the equality checks. */
    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** The store under test, from {@link #newStore()}; replaced by {@link #reopenStore()}. */
    protected CommandStore store;

    /** @return a new, empty store; called before each test. */
    protected abstract CommandStore newStore();

    /**
     * Closes the store last returned and opens a new one over the same data, as a server restart would. An
     * implementation that keeps nothing across a restart calls {@code Assumptions.abort(...)} instead.
     */
    protected abstract CommandStore reopenStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** @return a 16-hex-digit id as {@code Ids} makes them, for a small sequence number. */
    protected static String id(long n) {
        return String.format("%016x", n);
    }

    /** @return a READ of {@code /3/0} with no payload, in {@code status}. */
    protected static Command command(String endpoint, String id, CommandStatus status) {
        return new Command(id, endpoint, CommandType.READ, "/3/0", null, null, null, status, null, null, null, T0,
                null, null, T0.plusSeconds(60));
    }

    private static List<String> ids(List<Command> commands) {
        return commands.stream().map(Command::id).toList();
    }

    private void putAll(String endpoint, CommandStatus status, long... numbers) {
        for (long n : numbers) {
            store.put(command(endpoint, id(n), status));
        }
    }

    @Test
    public void stored_command_without_payload_is_found_equal() {
        Command command = command("dev-1", id(1), CommandStatus.PENDING);

        store.put(command);

        assertThat(store.find("dev-1", id(1))).contains(command);
        assertThat(store.find("dev-1", id(1)).orElseThrow().value()).isNull();
        assertThat(store.find("dev-1", id(1)).orElseThrow().result()).isNull();
    }

    @Test
    public void stored_command_with_every_field_set_is_found_equal() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode values = json.objectNode().put("1", 300).put("7", "UQ");
        ObjectNode result = json.objectNode().put("id", 1);
        result.putArray("resources").add(json.objectNode().put("id", 0).put("value", "Acme"));
        Command command = new Command(id(2), "dev-1", CommandType.WRITE, "/1/0", json.textNode("ignored"), values,
                "args", CommandStatus.SUCCEEDED, "2.04", result, "no error", T0, T0.plusMillis(1),
                T0.plusNanos(2_000_001), T0.plusSeconds(86_400));

        store.put(command);

        assertThat(store.find("dev-1", id(2))).contains(command);
    }

    @Test
    public void unknown_command_or_other_endpoint_is_not_found() {
        store.put(command("dev-1", id(1), CommandStatus.PENDING));

        assertThat(store.find("dev-1", id(2))).isEmpty();
        assertThat(store.find("dev-2", id(1))).isEmpty();
        assertThat(store.find("dev", id(1))).isEmpty();
    }

    @Test
    public void put_replaces_a_command_with_the_same_id() {
        store.put(command("dev-1", id(1), CommandStatus.PENDING));
        Command sent = command("dev-1", id(1), CommandStatus.PENDING).sent(T0.plusSeconds(1));

        store.put(sent);

        assertThat(store.find("dev-1", id(1))).contains(sent);
        assertThat(store.list("dev-1", null, 10)).containsExactly(sent);
    }

    @Test
    public void list_returns_a_devices_commands_oldest_first_up_to_max() {
        putAll("dev-1", CommandStatus.PENDING, 3, 1, 0x10, 2);

        assertThat(ids(store.list("dev-1", null, 10))).containsExactly(id(1), id(2), id(3), id(0x10));
        assertThat(ids(store.list("dev-1", null, 2))).containsExactly(id(1), id(2));
    }

    @Test
    public void list_starts_strictly_after_the_given_id() {
        putAll("dev-1", CommandStatus.PENDING, 1, 2, 3, 4);

        assertThat(ids(store.list("dev-1", id(2), 10))).containsExactly(id(3), id(4));
        assertThat(ids(store.list("dev-1", id(2), 1))).containsExactly(id(3));
        assertThat(ids(store.list("dev-1", id(4), 10))).isEmpty();
    }

    @Test
    public void list_after_an_id_that_is_not_stored_starts_at_the_next_one() {
        putAll("dev-1", CommandStatus.PENDING, 2, 4, 6);

        assertThat(ids(store.list("dev-1", id(3), 10))).containsExactly(id(4), id(6));
        assertThat(ids(store.list("dev-1", id(0), 10))).containsExactly(id(2), id(4), id(6));
    }

    @Test
    public void paging_with_the_last_id_walks_every_command_once() {
        List<String> all = new ArrayList<>();
        for (long n = 1; n <= 17; n++) {
            all.add(id(n));
            store.put(command("dev-1", id(n), CommandStatus.SUCCEEDED));
        }

        List<String> walked = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 100; pages++) {
            List<Command> page = store.list("dev-1", after, 4);
            if (page.isEmpty()) {
                break;
            }
            walked.addAll(ids(page));
            after = page.get(page.size() - 1).id();
        }

        assertThat(walked).containsExactlyElementsOf(all);
    }

    /**
     * Endpoint {@code a} with id {@code b...} and endpoint {@code ab} share the text prefix {@code ab}: only the
     * separator between endpoint and id keeps their commands apart.
     */
    @Test
    public void devices_whose_endpoints_prefix_each_other_see_only_their_own_commands() {
        Command ofA = command("a", "b000000000000001", CommandStatus.PENDING);
        Command ofAb = command("ab", id(2), CommandStatus.PENDING);
        Command ofAbc = command("abc", id(3), CommandStatus.SENT);
        store.put(ofA);
        store.put(ofAb);
        store.put(ofAbc);

        assertThat(store.list("a", null, 10)).containsExactly(ofA);
        assertThat(store.list("ab", null, 10)).containsExactly(ofAb);
        assertThat(store.list("a", ofA.id(), 10)).isEmpty();
        assertThat(store.list("ab", ofAb.id(), 10)).isEmpty();
        assertThat(store.unfinished("a")).containsExactly(ofA);
        assertThat(store.unfinished("ab")).containsExactly(ofAb);
        assertThat(store.unfinished("abc")).containsExactly(ofAbc);
        assertThat(store.find("ab", "000000000000001")).isEmpty();
        assertThat(store.find("a", "b" + id(2))).isEmpty();
        assertThat(store.find("ab", id(2))).contains(ofAb);
        assertThat(store.list("", null, 10)).isEmpty();
    }

    @Test
    public void unfinished_follows_the_status_of_each_put() {
        Command pending = command("dev-1", id(1), CommandStatus.PENDING);

        store.put(pending);
        assertThat(store.unfinished("dev-1")).containsExactly(pending);

        Command sent = pending.sent(T0.plusSeconds(1));
        store.put(sent);
        assertThat(store.unfinished("dev-1")).containsExactly(sent);

        Command requeued = sent.requeued();
        store.put(requeued);
        assertThat(store.unfinished("dev-1")).containsExactly(requeued);

        store.put(requeued.completed(CommandOutcome.failed("4.04", "not found"), T0.plusSeconds(2)));
        assertThat(store.unfinished("dev-1")).isEmpty();
        assertThat(store.allUnfinished()).isEmpty();
        assertThat(store.list("dev-1", null, 10)).extracting(Command::status).containsExactly(CommandStatus.FAILED);
    }

    @Test
    public void no_final_status_is_unfinished() {
        putAll("dev-1", CommandStatus.SUCCEEDED, 1);
        putAll("dev-1", CommandStatus.FAILED, 2);
        putAll("dev-1", CommandStatus.TIMED_OUT, 3);
        putAll("dev-1", CommandStatus.PENDING, 4);
        putAll("dev-1", CommandStatus.SENT, 5);

        assertThat(ids(store.unfinished("dev-1"))).containsExactly(id(4), id(5));
    }

    @Test
    public void unfinished_lists_oldest_first() {
        putAll("dev-1", CommandStatus.PENDING, 9, 3, 5);
        putAll("dev-1", CommandStatus.SENT, 4);

        assertThat(ids(store.unfinished("dev-1"))).containsExactly(id(3), id(4), id(5), id(9));
    }

    @Test
    public void all_unfinished_covers_every_device_oldest_first_per_device() {
        putAll("dev-1", CommandStatus.PENDING, 5, 1);
        putAll("dev-1", CommandStatus.SUCCEEDED, 2);
        putAll("dev-2", CommandStatus.SENT, 4);
        putAll("dev-2", CommandStatus.PENDING, 3);
        putAll("dev-3", CommandStatus.TIMED_OUT, 6);

        List<Command> all = store.allUnfinished();

        assertThat(all).extracting(c -> c.endpoint() + "/" + c.id()).containsExactlyInAnyOrder("dev-1/" + id(1),
                "dev-1/" + id(5), "dev-2/" + id(3), "dev-2/" + id(4));
        assertThat(ids(all.stream().filter(c -> c.endpoint().equals("dev-1")).toList())).containsExactly(id(1), id(5));
        assertThat(ids(all.stream().filter(c -> c.endpoint().equals("dev-2")).toList())).containsExactly(id(3), id(4));
    }

    @Test
    public void commands_and_the_unfinished_index_survive_close_and_reopen() {
        Command pending = command("dev-1", id(1), CommandStatus.PENDING);
        Command sent = command("dev-2", id(2), CommandStatus.PENDING).sent(T0.plusSeconds(1));
        Command done = command("dev-1", id(3), CommandStatus.PENDING)
                .completed(CommandOutcome.succeeded("2.05", JsonNodeFactory.instance.numberNode(42)), T0);
        store.put(pending);
        store.put(sent);
        store.put(done);

        store = reopenStore();

        assertThat(store.find("dev-1", id(1))).contains(pending);
        assertThat(store.find("dev-2", id(2))).contains(sent);
        assertThat(store.list("dev-1", null, 10)).containsExactly(pending, done);
        assertThat(store.unfinished("dev-1")).containsExactly(pending);
        assertThat(store.allUnfinished()).containsExactlyInAnyOrder(pending, sent);
    }
}
