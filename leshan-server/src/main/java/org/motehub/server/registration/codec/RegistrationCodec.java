// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2m.Version;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.attributes.Attribute;
import org.eclipse.leshan.core.link.attributes.AttributeModel;
import org.eclipse.leshan.core.link.attributes.AttributeParser;
import org.eclipse.leshan.core.link.attributes.Attributes;
import org.eclipse.leshan.core.link.attributes.DefaultAttributeParser;
import org.eclipse.leshan.core.link.attributes.InvalidAttributeException;
import org.eclipse.leshan.core.link.lwm2m.LwM2mLink;
import org.eclipse.leshan.core.link.lwm2m.MixedLwM2mLink;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttribute;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributes;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.peer.RpkIdentity;
import org.eclipse.leshan.core.peer.SocketIdentity;
import org.eclipse.leshan.core.peer.X509Identity;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.redis.serialization.LwM2mPeerSerDes;
import org.eclipse.leshan.server.redis.serialization.RegistrationSerDes;
import org.eclipse.leshan.server.registration.Registration;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compact binary form of a Leshan {@link Registration}, as {@code RocksDbRegistrationStore} stores it: every field
 * Leshan's JSON {@code RegistrationSerDes} keeps, without building a Jackson tree or formatting versions on the
 * registration path. Values written as JSON by earlier versions (first byte <code>{</code>) are still read, through
 * Leshan's {@code RegistrationSerDes}.
 * <p>
 * Format v1, after the marker byte {@code 0x01}: strings as a length-prefixed UTF-8 run (length + 1, 0 for null),
 * counts and non-negative integers as unsigned LEB128 varints, other integers zig-zagged, dates as 8 bytes. Object
 * links keep their Java type ({@link Link}, {@link MixedLwM2mLink}, {@link LwM2mLink}) and their attributes as CoRE
 * link values, read back with the same LwM2M-aware attribute parser as Leshan's serializer, so typed attributes
 * ({@code ver}, {@code ct}, {@code pmin}...) read back equal. Thread-safe.
 */
public final class RegistrationCodec {

    /** First byte of the binary form, version 1. */
    static final byte BINARY_V1 = 0x01;
    /** First byte of the JSON form written by Leshan's {@code RegistrationSerDes}. */
    static final byte LEGACY_JSON = '{';

    private static final byte PEER_IP = 1;

    private static final byte ADDRESS_UNRESOLVED = 0;
    private static final byte ADDRESS_IP = 1;

    private static final byte IDENTITY_SOCKET = 1;
    private static final byte IDENTITY_PSK = 2;
    private static final byte IDENTITY_RPK = 3;
    private static final byte IDENTITY_X509 = 4;
    private static final byte IDENTITY_OSCORE = 5;

    private static final byte LINK_CORE = 0;
    private static final byte LINK_MIXED = 1;
    private static final byte LINK_LWM2M = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Known versions' parts: Leshan's {@link Version} has no getters and formats its string with String.format. */
    private static final Map<Version, short[]> VERSION_PARTS = new ConcurrentHashMap<>();
    private static final int VERSION_PARTS_MAX = 1024;
    private static final int ATTRIBUTE_CACHE_MAX = 4096;

    /** Knows the CoRE and LwM2M link attributes, as the parser that reads a REGISTER's links does. */
    private final AttributeParser attributeParser;
    /**
     * Reads the legacy JSON form. Knows the LwM2M link attributes ({@code ver}, {@code pmin}...) as Leshan's link
     * parser does, so object links read back equal; the no-argument constructor knows only the CoRE ones and reads the
     * others back as untyped strings.
     */
    private final RegistrationSerDes registrationSerDes = new RegistrationSerDes(new LwM2mPeerSerDes());
    /*
     * Devices of a fleet share a few attribute values (ver=1.1, the same ct list...): formatting one costs a
     * String.format (Version.toString), parsing one a small parser. Attributes are immutable values, so both results
     * are kept, up to a bound, and shared between registrations.
     */
    private final Map<Attribute, String> coreLinkValues = new ConcurrentHashMap<>();
    /** The server endpoints devices register through: a handful of URIs, parsed once each. */
    private final Map<String, URI> endpointUris = new ConcurrentHashMap<>();
    /** Keyed "name" (valueless) or "name=value": an attribute name never holds '='. */
    private final Map<String, Attribute> parsedAttributes = new ConcurrentHashMap<>();

    public RegistrationCodec() {
        Collection<AttributeModel<?>> known = new ArrayList<>();
        known.addAll(Attributes.ALL);
        known.addAll(LwM2mAttributes.ALL);
        this.attributeParser = new DefaultAttributeParser(known);
    }

    // ------------------------------------------------------------------------------------------------------ encode

    /**
     * @return the binary form of {@code r}
     * @throws IllegalArgumentException if {@code r} holds a peer, identity or link type this format does not know
     */
    public byte[] encode(Registration r) {
        Writer w = new Writer(256);
        w.rawByte(BINARY_V1);
        w.string(r.getId());
        w.string(r.getEndpoint());
        w.string(r.getLastEndpointUsed() == null ? null : r.getLastEndpointUsed().toString());
        writePeer(w, r.getClientTransportData());
        w.fixedLong(r.getRegistrationDate().getTime());
        w.fixedLong(r.getLastUpdate().getTime());
        w.signedVarLong(r.getLifeTimeInSec());
        writeVersion(w, r.getLwM2mVersion());
        w.string(r.getBindingMode() == null ? null : BindingMode.toString(r.getBindingMode()));
        Boolean queueMode = r.getQueueMode();
        w.rawByte(queueMode == null ? 0 : queueMode ? 2 : 1);
        w.string(r.getSmsNumber());
        w.string(r.getRootPath());

        Link[] links = r.getObjectLinks();
        if (links == null) {
            w.varLong(0);
        } else {
            w.varLong(links.length + 1L);
            for (Link link : links) {
                writeLink(w, link);
            }
        }
        writeMap(w, r.getAdditionalRegistrationAttributes());

        Set<ContentFormat> formats = r.getSupportedContentFormats();
        w.varLong(formats == null ? 0 : formats.size());
        if (formats != null) {
            for (ContentFormat f : formats) {
                w.signedVarLong(f.getCode());
            }
        }
        Map<Integer, Version> objects = r.getSupportedObject();
        w.varLong(objects == null ? 0 : objects.size());
        if (objects != null) {
            for (Map.Entry<Integer, Version> e : objects.entrySet()) {
                w.signedVarLong(e.getKey());
                writeVersion(w, e.getValue());
            }
        }
        Set<LwM2mPath> instances = r.getAvailableInstances();
        w.varLong(instances == null ? 0 : instances.size());
        if (instances != null) {
            for (LwM2mPath p : instances) {
                writePath(w, p);
            }
        }
        writeMap(w, r.getApplicationData());
        return w.toByteArray();
    }

    private static void writePeer(Writer w, LwM2mPeer peer) {
        if (peer == null || peer.getClass() != IpPeer.class) {
            throw new IllegalArgumentException(
                    "cannot encode client transport data " + (peer == null ? null : peer.getClass().getName()));
        }
        IpPeer ip = (IpPeer) peer;
        w.rawByte(PEER_IP);
        writeAddress(w, ip.getSocketAddress());
        w.string(ip.getVirtualHost());
        LwM2mIdentity identity = ip.getIdentity();
        Class<?> type = identity.getClass();
        if (type == SocketIdentity.class) {
            w.rawByte(IDENTITY_SOCKET);
            writeAddress(w, ((SocketIdentity) identity).getSocketAddress());
        } else if (type == PskIdentity.class) {
            w.rawByte(IDENTITY_PSK);
            w.string(((PskIdentity) identity).getPskIdentity());
        } else if (type == RpkIdentity.class) {
            PublicKey key = ((RpkIdentity) identity).getPublicKey();
            w.rawByte(IDENTITY_RPK);
            w.string(key.getAlgorithm());
            w.bytes(key.getEncoded());
        } else if (type == X509Identity.class) {
            w.rawByte(IDENTITY_X509);
            w.string(((X509Identity) identity).getX509CommonName());
        } else if (type == OscoreIdentity.class) {
            w.rawByte(IDENTITY_OSCORE);
            w.bytes(((OscoreIdentity) identity).getRecipientId());
        } else {
            throw new IllegalArgumentException("cannot encode identity " + type.getName());
        }
    }

    private static void writeAddress(Writer w, InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            w.rawByte(ADDRESS_UNRESOLVED);
            w.string(address.getHostString());
        } else {
            w.rawByte(ADDRESS_IP);
            w.bytes(ip.getAddress());
            w.varLong(ip instanceof Inet6Address v6 ? v6.getScopeId() : 0);
        }
        w.varLong(address.getPort());
    }

    private void writeLink(Writer w, Link link) {
        Class<?> type = link.getClass();
        if (type == Link.class) {
            w.rawByte(LINK_CORE);
            w.string(link.getUriReference());
        } else if (type == MixedLwM2mLink.class || type == LwM2mLink.class) {
            MixedLwM2mLink lwm2m = (MixedLwM2mLink) link;
            w.rawByte(type == LwM2mLink.class ? LINK_LWM2M : LINK_MIXED);
            w.string(lwm2m.getRootPath());
            writePath(w, lwm2m.getPath());
        } else {
            throw new IllegalArgumentException("cannot encode link type " + type.getName());
        }
        Collection<Attribute> attributes = link.getAttributes().asCollection();
        w.varLong(attributes.size());
        for (Attribute a : attributes) {
            w.string(a.getName());
            w.string(a.hasValue() ? coreLinkValue(a) : null);
        }
    }

    private String coreLinkValue(Attribute a) {
        String value = coreLinkValues.get(a);
        if (value == null) {
            value = a.getCoreLinkValue();
            if (coreLinkValues.size() < ATTRIBUTE_CACHE_MAX) {
                coreLinkValues.put(a, value);
            }
        }
        return value;
    }

    private static void writePath(Writer w, LwM2mPath path) {
        Integer[] ids = { path.getObjectId(), path.getObjectInstanceId(), path.getResourceId(),
                path.getResourceInstanceId() };
        int depth = 0;
        while (depth < ids.length && ids[depth] != null) {
            depth++;
        }
        w.rawByte(depth);
        for (int i = 0; i < depth; i++) {
            w.varLong(ids[i]);
        }
    }

    private static void writeVersion(Writer w, Version v) {
        if (v == null) {
            w.rawByte(0);
            return;
        }
        short[] parts = versionParts(v);
        w.rawByte(1);
        w.varLong(parts[0]);
        w.varLong(parts[1]);
    }

    private static short[] versionParts(Version v) {
        short[] parts = VERSION_PARTS.get(v);
        if (parts == null) {
            String s = v.toString(); // always "major.minor" with non-negative shorts (Version's constructors check)
            int dot = s.indexOf('.');
            parts = new short[] { Short.parseShort(s.substring(0, dot)), Short.parseShort(s.substring(dot + 1)) };
            if (VERSION_PARTS.size() < VERSION_PARTS_MAX) {
                VERSION_PARTS.put(v, parts);
            }
        }
        return parts;
    }

    private static void writeMap(Writer w, Map<String, String> map) {
        w.varLong(map == null ? 0 : map.size());
        if (map != null) {
            for (Map.Entry<String, String> e : map.entrySet()) {
                w.string(e.getKey());
                w.string(e.getValue());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------ decode

    /**
     * @return the registration {@code data} holds, in the binary form or in the legacy JSON form
     * @throws IllegalArgumentException if {@code data} is empty, truncated, of an unknown format or otherwise unreadable
     */
    public Registration decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("stored registration is empty");
        }
        byte marker = data[0];
        if (marker == BINARY_V1) {
            try {
                return decodeV1(new Reader(data, 1));
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException | URISyntaxException | UnknownHostException | GeneralSecurityException
                    | InvalidAttributeException e) {
                throw new IllegalArgumentException("stored registration is unreadable: " + e.getMessage(), e);
            }
        }
        if (marker == LEGACY_JSON) {
            return decodeLegacyJson(data);
        }
        throw new IllegalArgumentException(String.format(
                "stored registration has an unknown format marker 0x%02x (known: 0x01 binary v1, '{' legacy JSON)",
                marker & 0xff));
    }

    /*
     * RegistrationSerDes.bSerialize and deserialize(byte[]) use the platform charset, which on Java 17 follows the
     * locale (US-ASCII in a container without LANG): a non-ASCII endpoint would be read as '?'. The JSON was written as
     * UTF-8 and Jackson reads the bytes as UTF-8.
     */
    private Registration decodeLegacyJson(byte[] data) {
        try {
            return registrationSerDes.deserialize(JSON.readTree(data));
        } catch (IOException e) {
            throw new IllegalArgumentException("stored registration is not JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("stored JSON registration is unreadable: " + e, e);
        }
    }

    private Registration decodeV1(Reader in)
            throws URISyntaxException, UnknownHostException, GeneralSecurityException, InvalidAttributeException {
        String id = in.string();
        String endpoint = in.string();
        String lastEndpoint = in.string();
        LwM2mPeer peer = readPeer(in);
        Registration.Builder b = new Registration.Builder(id, endpoint, peer,
                lastEndpoint == null ? null : endpointUri(lastEndpoint));
        b.registrationDate(new Date(in.fixedLong()));
        b.lastUpdate(new Date(in.fixedLong()));
        b.lifeTimeInSec(in.signedVarLong());
        b.lwM2mVersion(readLwM2mVersion(in));
        String binding = in.string();
        b.bindingMode(binding == null ? null : BindingMode.parse(binding));
        byte queueMode = in.rawByte();
        b.queueMode(queueMode == 0 ? null : queueMode == 2);
        b.smsNumber(in.string());
        String rootPath = in.string();
        b.rootPath(rootPath);

        int links = in.elements() - 1;
        if (links >= 0) {
            Link[] objectLinks = new Link[links];
            for (int i = 0; i < links; i++) {
                objectLinks[i] = readLink(in);
            }
            b.objectLinks(objectLinks);
        }
        b.additionalRegistrationAttributes(readMap(in));

        int formats = in.elements();
        Set<ContentFormat> contentFormats = new HashSet<>(capacity(formats));
        for (int i = 0; i < formats; i++) {
            contentFormats.add(ContentFormat.fromCode(in.signedVarInt()));
        }
        b.supportedContentFormats(contentFormats);

        int objects = in.elements();
        Map<Integer, Version> supportedObjects = new HashMap<>(capacity(objects));
        for (int i = 0; i < objects; i++) {
            int objectId = in.signedVarInt();
            supportedObjects.put(objectId, readVersion(in));
        }
        b.supportedObjects(supportedObjects);

        int instances = in.elements();
        Set<LwM2mPath> availableInstances = new HashSet<>(capacity(instances));
        for (int i = 0; i < instances; i++) {
            availableInstances.add(readPath(in));
        }
        b.availableInstances(availableInstances);
        b.applicationData(readMap(in));
        if (in.remaining() != 0) {
            throw new IllegalArgumentException(
                    "stored registration " + id + " has " + in.remaining() + " unexpected bytes at its end");
        }
        return b.build();
    }

    private URI endpointUri(String uri) throws URISyntaxException {
        URI parsed = endpointUris.get(uri);
        if (parsed == null) {
            parsed = new URI(uri);
            if (endpointUris.size() < ATTRIBUTE_CACHE_MAX) {
                endpointUris.put(uri, parsed);
            }
        }
        return parsed;
    }

    private static LwM2mPeer readPeer(Reader in) throws UnknownHostException, GeneralSecurityException {
        byte type = in.rawByte();
        if (type != PEER_IP) {
            throw new IllegalArgumentException("stored registration has an unknown peer type " + type);
        }
        InetSocketAddress address = readAddress(in);
        String virtualHost = in.string();
        LwM2mIdentity identity;
        byte identityType = in.rawByte();
        switch (identityType) {
        case IDENTITY_SOCKET -> identity = new SocketIdentity(readAddress(in));
        case IDENTITY_PSK -> identity = new PskIdentity(in.string());
        case IDENTITY_RPK -> {
            String algorithm = in.string();
            byte[] encoded = in.bytes();
            identity = new RpkIdentity(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded)));
        }
        case IDENTITY_X509 -> identity = new X509Identity(in.string());
        case IDENTITY_OSCORE -> identity = new OscoreIdentity(in.bytes());
        default -> throw new IllegalArgumentException("stored registration has an unknown identity type " + identityType);
        }
        return virtualHost == null ? new IpPeer(address, identity) : new IpPeer(address, virtualHost, identity);
    }

    private static InetSocketAddress readAddress(Reader in) throws UnknownHostException {
        byte type = in.rawByte();
        if (type == ADDRESS_UNRESOLVED) {
            String host = in.string();
            return InetSocketAddress.createUnresolved(host, in.port());
        }
        if (type != ADDRESS_IP) {
            throw new IllegalArgumentException("stored registration has an unknown address type " + type);
        }
        byte[] ip = in.bytes();
        int scope = in.count();
        InetAddress address = scope != 0 && ip.length == 16 ? Inet6Address.getByAddress(null, ip, scope)
                : InetAddress.getByAddress(ip); // no name lookup: the address is given
        return new InetSocketAddress(address, in.port());
    }

    private Link readLink(Reader in) throws InvalidAttributeException {
        byte type = in.rawByte();
        String uri = null;
        String rootPath = null;
        LwM2mPath path = null;
        switch (type) {
        case LINK_CORE -> uri = in.string();
        case LINK_MIXED, LINK_LWM2M -> {
            rootPath = in.string();
            path = readPath(in);
        }
        default -> throw new IllegalArgumentException("stored registration has an unknown link type " + type);
        }
        int n = in.elements();
        List<Attribute> attributes = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            String name = in.string();
            attributes.add(parseAttribute(name, in.string()));
        }
        if (type == LINK_CORE) {
            return new Link(uri, attributes);
        }
        if (type == LINK_MIXED) {
            return new MixedLwM2mLink(rootPath, path, attributes);
        }
        List<LwM2mAttribute<?>> lwm2m = new ArrayList<>(attributes.size());
        for (Attribute a : attributes) {
            if (!(a instanceof LwM2mAttribute<?> la)) {
                throw new IllegalArgumentException("stored LwM2M link " + path + " has the non-LwM2M attribute "
                        + a.getName());
            }
            lwm2m.add(la);
        }
        return new LwM2mLink(rootPath, path, lwm2m);
    }

    private Attribute parseAttribute(String name, String value) throws InvalidAttributeException {
        if (name == null) {
            throw new IllegalArgumentException("stored registration has a link attribute without a name");
        }
        if (name.indexOf('=') >= 0) { // not a valid name: let the parser say so, and keep the keys unambiguous
            return attributeParser.parseCoreLinkValue(name, value);
        }
        String key = value == null ? name : name + '=' + value;
        Attribute attribute = parsedAttributes.get(key);
        if (attribute == null) {
            attribute = attributeParser.parseCoreLinkValue(name, value);
            if (parsedAttributes.size() < ATTRIBUTE_CACHE_MAX) {
                parsedAttributes.put(key, attribute);
            }
        }
        return attribute;
    }

    private static LwM2mPath readPath(Reader in) {
        int depth = in.rawByte();
        return switch (depth) {
        case 0 -> LwM2mPath.ROOTPATH;
        case 1 -> new LwM2mPath(in.count());
        case 2 -> new LwM2mPath(in.count(), in.count());
        case 3 -> new LwM2mPath(in.count(), in.count(), in.count());
        case 4 -> new LwM2mPath(in.count(), in.count(), in.count(), in.count());
        default -> throw new IllegalArgumentException("stored registration has a path of depth " + depth);
        };
    }

    private static LwM2mVersion readLwM2mVersion(Reader in) {
        if (in.rawByte() == 0) {
            return null;
        }
        int major = in.count();
        int minor = in.count();
        if (major == 1 && minor == 0) {
            return LwM2mVersion.V1_0;
        }
        if (major == 1 && minor == 1) {
            return LwM2mVersion.V1_1;
        }
        return LwM2mVersion.get(major + "." + minor);
    }

    private static Version readVersion(Reader in) {
        if (in.rawByte() == 0) {
            return null;
        }
        return new Version(in.count(), in.count());
    }

    private static Map<String, String> readMap(Reader in) {
        int n = in.elements();
        Map<String, String> map = new HashMap<>(capacity(n));
        for (int i = 0; i < n; i++) {
            String key = in.string();
            map.put(key, in.string());
        }
        return map;
    }

    /** @return a HashMap/HashSet capacity holding {@code n} entries without resizing, bounded against bad counts */
    private static int capacity(int n) {
        return Math.min(n, 1 << 12) * 4 / 3 + 1;
    }

    // ------------------------------------------------------------------------------------------- bytes in and out

    /** Growable byte buffer; {@link java.io.DataOutputStream} would add a stream and synchronized writes. */
    private static final class Writer {
        private byte[] buf;
        private int len;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        void rawByte(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        void varLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void signedVarLong(long v) {
            varLong((v << 1) ^ (v >> 63));
        }

        void fixedLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[len++] = (byte) (v >>> shift);
            }
        }

        void bytes(byte[] b) {
            varLong(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void string(String s) {
            if (s == null) {
                varLong(0);
                return;
            }
            byte[] b = s.getBytes(UTF_8);
            varLong(b.length + 1L);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    /** Reads what {@link Writer} wrote; any read past the end or out of range is an IllegalArgumentException. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        int remaining() {
            return buf.length - pos;
        }

        private void need(int n) {
            if (n < 0 || n > buf.length - pos) {
                throw new IllegalArgumentException(
                        "stored registration is truncated: " + n + " bytes needed at offset " + pos + " of " + buf.length);
            }
        }

        byte rawByte() {
            need(1);
            return buf[pos++];
        }

        long varLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = rawByte();
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("stored registration has a malformed number before offset " + pos);
        }

        long signedVarLong() {
            long v = varLong();
            return (v >>> 1) ^ -(v & 1);
        }

        int signedVarInt() {
            long v = signedVarLong();
            if (v != (int) v) {
                throw new IllegalArgumentException("stored registration has an out-of-range number before offset " + pos);
            }
            return (int) v;
        }

        /** @return a non-negative int: a count, an id or a version part */
        int count() {
            long v = varLong();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("stored registration has an out-of-range count before offset " + pos);
            }
            return (int) v;
        }

        /** @return a count of elements that take at least a byte each, so never more than the bytes left */
        int elements() {
            int n = count();
            if (n > remaining()) {
                throw new IllegalArgumentException("stored registration is truncated: " + n + " elements announced at offset "
                        + pos + " of " + buf.length);
            }
            return n;
        }

        int port() {
            int port = count();
            if (port > 0xFFFF) {
                throw new IllegalArgumentException("stored registration has the invalid port " + port);
            }
            return port;
        }

        long fixedLong() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        byte[] bytes() {
            int n = count();
            need(n);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        String string() {
            int n = count() - 1;
            if (n < 0) {
                return null;
            }
            need(n);
            String s = new String(buf, pos, n, UTF_8);
            pos += n;
            return s;
        }
    }
}
