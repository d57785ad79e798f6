// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration.codec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.LwM2m.Version;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.attributes.InvalidAttributeException;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.redis.serialization.LwM2mPeerSerDes;
import org.eclipse.leshan.server.redis.serialization.RegistrationSerDes;
import org.eclipse.leshan.server.registration.Registration;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.motehub.server.registration.BoundedMemo;

/**
 * Compact binary form of a Leshan {@link Registration}, as {@code RocksDbRegistrationStore} stores it: every field
 * Leshan's JSON {@code RegistrationSerDes} keeps, without building a Jackson tree or formatting versions on the
 * registration path; values written as JSON by earlier versions (first byte <code>{</code>) are still read.
 * Thread-safe.
 * <p>
 * Format v1: the marker byte {@code 0x01}, then the registration's fields in a fixed order, in {@link ByteWriter}'s
 * primitives (varints, length-prefixed UTF-8 strings, 8-byte dates); the peer is {@link PeerCodec}'s part, the object
 * links and paths {@link ObjectLinkCodec}'s. This class holds the marker, the legacy JSON path and the field order.
 */
public final class RegistrationCodec {

    /** First byte of the binary form, version 1. */
    static final byte BINARY_V1 = 0x01;
    /** First byte of the JSON form written by Leshan's {@code RegistrationSerDes}. */
    static final byte LEGACY_JSON = '{';

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Known versions' parts: Leshan's {@link Version} has no getters and formats its string with String.format. */
    private static final BoundedMemo<Version, short[]> VERSION_PARTS = new BoundedMemo<>(1024);

    private final ObjectLinkCodec linkCodec = new ObjectLinkCodec();
    /**
     * Reads the legacy JSON form. Knows the LwM2M link attributes ({@code ver}, {@code pmin}...) as Leshan's link
     * parser does, so object links read back equal; the no-argument constructor knows only the CoRE ones and reads the
     * others back as untyped strings.
     */
    private final RegistrationSerDes registrationSerDes = new RegistrationSerDes(new LwM2mPeerSerDes());
    /** The server endpoints devices register through: a handful of URIs, parsed once each. */
    private final BoundedMemo<String, URI> endpointUris = new BoundedMemo<>(4096);

    // ------------------------------------------------------------------------------------------------------ encode

    /**
     * @return the binary form of {@code r}
     * @throws IllegalArgumentException if {@code r} holds a peer, identity or link type this format does not know
     */
    public byte[] encode(Registration r) {
        ByteWriter w = new ByteWriter(256);
        w.rawByte(BINARY_V1);
        w.string(r.getId());
        w.string(r.getEndpoint());
        w.string(r.getLastEndpointUsed() == null ? null : r.getLastEndpointUsed().toString());
        PeerCodec.writePeer(w, r.getClientTransportData());
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
                linkCodec.writeLink(w, link);
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
                ObjectLinkCodec.writePath(w, p);
            }
        }
        writeMap(w, r.getApplicationData());
        return w.toByteArray();
    }

    private static void writeVersion(ByteWriter w, Version v) {
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
        if (parts != null) {
            return parts;
        }
        String s = v.toString(); // always "major.minor" with non-negative shorts (Version's constructors check)
        int dot = s.indexOf('.');
        return VERSION_PARTS.remember(v,
                new short[] { Short.parseShort(s.substring(0, dot)), Short.parseShort(s.substring(dot + 1)) });
    }

    private static void writeMap(ByteWriter w, Map<String, String> map) {
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
     * @throws IllegalArgumentException if {@code data} is empty, truncated, of an unknown format or otherwise
     *         unreadable
     */
    public Registration decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("stored registration is empty");
        }
        byte marker = data[0];
        if (marker == BINARY_V1) {
            try {
                return decodeV1(new ByteReader(data, 1));
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

    private Registration decodeV1(ByteReader in)
            throws URISyntaxException, UnknownHostException, GeneralSecurityException, InvalidAttributeException {
        String id = in.string();
        String endpoint = in.string();
        String lastEndpoint = in.string();
        LwM2mPeer peer = PeerCodec.readPeer(in);
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
                objectLinks[i] = linkCodec.readLink(in);
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
            availableInstances.add(ObjectLinkCodec.readPath(in));
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
        return parsed != null ? parsed : endpointUris.remember(uri, new URI(uri));
    }

    private static LwM2mVersion readLwM2mVersion(ByteReader in) {
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

    private static Version readVersion(ByteReader in) {
        if (in.rawByte() == 0) {
            return null;
        }
        return new Version(in.count(), in.count());
    }

    private static Map<String, String> readMap(ByteReader in) {
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
}
