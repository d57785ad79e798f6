// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkParseException;
import org.eclipse.leshan.core.link.lwm2m.DefaultLwM2mLinkParser;
import org.junit.jupiter.api.Test;

class MemoizingLinkParserTest {

    private static final String LINKS = "</>;rt=\"oma.lwm2m\";ct=\"60 110 112 11542 11543\",</1>;ver=1.1,</1/0>,"
            + "</3>;ver=1.1,</3/0>,</5/0>,</3303/0>";

    private final DefaultLwM2mLinkParser leshan = new DefaultLwM2mLinkParser();
    private final MemoizingLinkParser parser = new MemoizingLinkParser(new DefaultLwM2mLinkParser());

    @Test
    void parses_as_leshan_does_and_reuses_the_links_of_a_payload_seen_before() throws LinkParseException {
        Link[] first = parser.parseCoreLinkFormat(LINKS.getBytes(UTF_8));
        Link[] second = parser.parseCoreLinkFormat(LINKS.getBytes(UTF_8));

        assertThat(first).containsExactly(leshan.parseCoreLinkFormat(LINKS.getBytes(UTF_8)));
        assertThat(second).isNotSameAs(first).containsExactly(first);
        for (int i = 0; i < first.length; i++) {
            assertThat(second[i]).isSameAs(first[i]);
        }
    }

    @Test
    void a_caller_changing_its_array_changes_neither_the_payload_remembered_nor_the_links_returned()
            throws LinkParseException {
        byte[] payload = "</1/0>,</3/0>".getBytes(UTF_8);
        Link[] first = parser.parseCoreLinkFormat(payload);
        first[0] = null;
        System.arraycopy("</9/9>".getBytes(UTF_8), 0, payload, 0, 6);

        assertThat(parser.parseCoreLinkFormat(payload)).containsExactly(leshan.parseCoreLinkFormat(payload));
        assertThat(parser.parseCoreLinkFormat("</1/0>,</3/0>".getBytes(UTF_8)))
                .containsExactly(leshan.parseCoreLinkFormat("</1/0>,</3/0>".getBytes(UTF_8)));
    }

    @Test
    void a_payload_that_does_not_parse_fails_every_time() {
        byte[] bad = "</3/0>;ver=\"unterminated".getBytes(UTF_8);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> parser.parseCoreLinkFormat(bad)).isInstanceOf(LinkParseException.class);
        }
    }

    @Test
    void large_payloads_are_parsed_every_time() throws LinkParseException {
        StringBuilder b = new StringBuilder("</3/0>");
        for (int i = 0; b.length() <= MemoizingLinkParser.MAX_PAYLOAD; i++) {
            b.append(",</3303/").append(i).append('>');
        }
        byte[] payload = b.toString().getBytes(UTF_8);

        Link[] first = parser.parseCoreLinkFormat(payload);
        Link[] second = parser.parseCoreLinkFormat(payload);

        assertThat(second).containsExactly(first);
        assertThat(second[0]).isNotSameAs(first[0]);
    }

    @Test
    void past_its_bound_it_still_parses_every_new_payload() throws LinkParseException {
        for (int i = 0; i < MemoizingLinkParser.MAX_PAYLOADS; i++) {
            parser.parseCoreLinkFormat(("</3/0>,</3303/" + i + ">").getBytes(UTF_8));
        }
        byte[] late = "</3/0>,</3303/65000>,</5/0>".getBytes(UTF_8);

        Link[] first = parser.parseCoreLinkFormat(late);
        Link[] second = parser.parseCoreLinkFormat(late);

        assertThat(first).containsExactly(leshan.parseCoreLinkFormat(late));
        assertThat(second).containsExactly(first);
        assertThat(second[0]).isNotSameAs(first[0]); // not remembered: the bound was reached
    }
}
