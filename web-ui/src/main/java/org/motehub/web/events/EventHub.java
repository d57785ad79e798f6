// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.motehub.web.json.JsonMappers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * The live stream of {@code /api/v1/events}: producers {@link #publish} events without ever blocking (an event that
 * finds the queue full is dropped and counted), and one thread, {@code motehub-sse}, serialises each event once and
 * sends it to every subscriber whose filter accepts it. A subscriber first receives the comment {@code subscribed}
 * (from then on it gets every event published), and a {@code keep-alive} comment after 15 idle seconds, which also
 * finds the clients that went away.
 *
 * <p>Limit: writes are made on that one thread, so a client that stops reading once its TCP window is full holds the
 * other subscribers up until Jetty's idle timeout ends its connection; meanwhile events queue, then are dropped. A
 * thread (or a bounded queue) per subscriber would lift this if many slow clients are expected.
 */
public final class EventHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final long KEEP_ALIVE_SECONDS = 15;

    private record Event(String name, String endpoint, Object data) {
    }

    private record Subscribe(SseEventSink sink, Sse sse, String endpoint) {
    }

    private record Subscriber(SseEventSink sink, String endpoint) {
    }

    private final ObjectMapper json = JsonMappers.create();
    private final BlockingQueue<Object> queue;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private volatile int subscriberCount;
    private Sse sse;

    /**
     * @param capacity how many events may wait to be sent before new ones are dropped
     */
    public EventHub(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "motehub-sse");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues an event for the subscribers; never blocks.
     *
     * @param name the SSE event name, e.g. {@code telemetry}
     * @param endpoint the device the event is about, for subscribers that filter by device, or null
     * @param data the event's data, written as JSON
     */
    public void publish(String name, String endpoint, Object data) {
        if (closed || subscriberCount == 0) {
            return;
        }
        if (!queue.offer(new Event(name, endpoint, data))) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.warn("SSE queue full: [{}] events dropped so far", n);
            }
        }
    }

    /**
     * Adds a subscriber.
     *
     * @param endpoint only events about this device, or null for all
     */
    public void subscribe(SseEventSink sink, Sse sse, String endpoint) {
        if (closed) {
            closeQuietly(sink);
            return;
        }
        try {
            if (!queue.offer(new Subscribe(sink, sse, endpoint), 5, TimeUnit.SECONDS)) {
                LOG.warn("SSE subscriber refused: the event queue stayed full");
                closeQuietly(sink);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(sink);
        }
    }

    /** @return how many subscribers are connected. */
    public int subscribers() {
        return subscriberCount;
    }

    /** @return how many events were dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed) {
            Object next;
            try {
                next = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            try {
                if (next instanceof Subscribe s) {
                    sse = s.sse();
                    Subscriber subscriber = new Subscriber(s.sink(), s.endpoint());
                    subscribers.add(subscriber);
                    subscriberCount = subscribers.size();
                    send(subscriber, sse.newEventBuilder().comment("subscribed").build());
                } else if (next instanceof Event e) {
                    broadcast(e);
                } else if (sse != null) {
                    OutboundSseEvent keepAlive = sse.newEventBuilder().comment("keep-alive").build();
                    subscribers.forEach(s -> send(s, keepAlive));
                }
                subscribers.removeIf(s -> s.sink().isClosed());
                subscriberCount = subscribers.size();
            } catch (RuntimeException e) {
                LOG.error("SSE delivery failed", e);
            }
        }
        closeAll();
    }

    private void broadcast(Event e) {
        if (sse == null || subscribers.isEmpty()) {
            return;
        }
        String data;
        try {
            data = json.writeValueAsString(e.data());
        } catch (IOException x) {
            LOG.error("SSE event [{}] cannot be written as JSON", e.name(), x);
            return;
        }
        OutboundSseEvent event = sse.newEventBuilder().id(Long.toString(sequence.incrementAndGet())).name(e.name())
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, data).build();
        for (Subscriber s : subscribers) {
            if (s.endpoint() == null || s.endpoint().equals(e.endpoint())) {
                send(s, event);
            }
        }
    }

    private static void send(Subscriber s, OutboundSseEvent event) {
        if (s.sink().isClosed()) {
            return;
        }
        try {
            s.sink().send(event).whenComplete((done, error) -> {
                if (error != null) {
                    LOG.debug("SSE client gone: {}", error.toString());
                    closeQuietly(s.sink());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("SSE client gone: {}", e.toString());
            closeQuietly(s.sink());
        }
    }

    private void closeAll() {
        for (Iterator<Subscriber> it = subscribers.iterator(); it.hasNext();) {
            closeQuietly(it.next().sink());
            it.remove();
        }
        subscriberCount = 0;
        Object next;
        while ((next = queue.poll()) != null) {
            if (next instanceof Subscribe s) {
                closeQuietly(s.sink());
            }
        }
    }

    private static void closeQuietly(SseEventSink sink) {
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("SSE stream did not close cleanly: {}", e.toString());
        }
    }

    /** Ends every stream and stops the thread; idempotent. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
