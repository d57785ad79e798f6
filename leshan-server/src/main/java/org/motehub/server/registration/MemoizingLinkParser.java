// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import java.util.Arrays;
import java.util.Objects;

import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.link.lwm2m.LwM2mLink;
import org.eclipse.leshan.core.link.lwm2m.LwM2mLinkParser;

/**
 * Leshan's link parser, remembering the object links of the payloads it has parsed: the devices of a fleet run a
 * handful of firmware builds and register with a handful of distinct payloads, and parsing one was 7 % of the
 * registration thread in a register storm. Every call gets its own array; the {@link Link}s in it are immutable and
 * shared. Payloads that do not parse are never remembered, nor are payloads over {@link #MAX_PAYLOAD} bytes.
 */
public final class MemoizingLinkParser implements LwM2mLinkParser {

    /** Largest payload remembered, in bytes: a device with a hundred object instances stays under it. */
    static final int MAX_PAYLOAD = 2048;
    /** How many distinct payloads are remembered at most (about 2 MiB of links at the worst). */
    static final int MAX_PAYLOADS = 512;

    private final LwM2mLinkParser parser;
    private final BoundedMemo<Payload, Link[]> links = new BoundedMemo<>(MAX_PAYLOADS);

    /**
     * @param parser the parser that does the work, e.g. Leshan's {@code DefaultLwM2mLinkParser}
     * @throws NullPointerException if {@code parser} is null
     */
    public MemoizingLinkParser(LwM2mLinkParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public Link[] parseCoreLinkFormat(byte[] bytes) throws LinkParseException {
        if (bytes == null || bytes.length > MAX_PAYLOAD) {
            return parser.parseCoreLinkFormat(bytes);
        }
        Payload key = new Payload(bytes);
        Link[] known = links.get(key);
        if (known == null) {
            // the key keeps its own copy: the caller's array may be reused
            known = links.remember(new Payload(bytes.clone()), parser.parseCoreLinkFormat(bytes));
        }
        return known.clone();
    }

    @Override
    public LwM2mLink[] parseLwM2mLinkFromCoreLinkFormat(byte[] bytes, String rootPath) throws LinkParseException {
        return parser.parseLwM2mLinkFromCoreLinkFormat(bytes, rootPath);
    }

    /** A payload as a map key: compared by content. */
    private static final class Payload {
        private final byte[] bytes;
        private final int hash;

        Payload(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Payload p && hash == p.hash && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
