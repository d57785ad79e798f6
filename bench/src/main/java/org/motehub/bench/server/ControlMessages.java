// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.motehub.bench.stats.Samples;

/**
 * The line protocol between the benchmark and its server process. The benchmark writes one command per line on the
 * child's stdin; the child answers each with one line on stdout, {@code @bench OK <payload>} or
 * {@code @bench ERR <message>}, and announces itself once with {@code @bench READY <facts>}. Logs go to stderr, so
 * stdout carries nothing else. Facts are {@code key=value} words; samples are
 * {@code <failures> <end>:<latency>,...} with end in epoch milliseconds and latency in nanoseconds ({@code -} when
 * there is none).
 */
public final class ControlMessages {

    /** Prefix of every protocol line. */
    public static final String PREFIX = "@bench ";

    private ControlMessages() {
    }

    /** @return the protocol line announcing readiness with {@code facts}. */
    public static String ready(Map<String, String> facts) {
        return PREFIX + "READY " + encodeFacts(facts);
    }

    /** @return the protocol line of a successful answer. */
    public static String ok(String payload) {
        return PREFIX + "OK " + payload;
    }

    /** @return the protocol line of a failed command; line breaks in the message become spaces. */
    public static String error(String message) {
        return PREFIX + "ERR " + String.valueOf(message).replaceAll("\\s+", " ");
    }

    /**
     * @param facts keys and values without spaces or {@code =} in keys
     * @return {@code k1=v1 k2=v2 ...}
     * @throws IllegalArgumentException if a key or value contains white space, or a key contains {@code =}
     */
    public static String encodeFacts(Map<String, String> facts) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : facts.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k.isEmpty() || k.contains("=") || k.matches(".*\\s.*") || v.matches(".*\\s.*")) {
                throw new IllegalArgumentException("fact [" + k + "=" + v + "] cannot be encoded");
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(k).append('=').append(v);
        }
        return b.toString();
    }

    /** @return the facts of {@code text}, in order; words without {@code =} are ignored. */
    public static Map<String, String> decodeFacts(String text) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (String word : text.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                facts.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return facts;
    }

    /** @return the text form of {@code samples}. */
    public static String encodeSamples(Samples samples) {
        StringBuilder b = new StringBuilder().append(samples.failures()).append(' ');
        if (samples.successes() == 0) {
            return b.append('-').toString();
        }
        for (int i = 0; i < samples.successes(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(samples.ends()[i]).append(':').append(samples.latencies()[i]);
        }
        return b.toString();
    }

    /**
     * @return the samples of {@code text}, as written by {@link #encodeSamples(Samples)}
     * @throws IllegalArgumentException if {@code text} is malformed
     */
    public static Samples decodeSamples(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split(" ", 2);
        try {
            int failures = Integer.parseInt(parts[0]);
            if (parts.length < 2 || parts[1].equals("-")) {
                return new Samples(new long[0], new long[0], failures);
            }
            String[] items = parts[1].split(",");
            long[] ends = new long[items.length];
            long[] latencies = new long[items.length];
            for (int i = 0; i < items.length; i++) {
                int colon = items[i].indexOf(':');
                ends[i] = Long.parseLong(items[i].substring(0, colon));
                latencies[i] = Long.parseLong(items[i].substring(colon + 1));
            }
            return new Samples(ends, latencies, failures);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed samples: " + abbreviate(text), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
