// SPDX-License-Identifier: Apache-2.0
package org.motehub.server.registration.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.LwM2mIdentity;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.peer.RpkIdentity;
import org.eclipse.leshan.core.peer.SocketIdentity;
import org.eclipse.leshan.core.peer.X509Identity;

/**
 * Stored form of a registration's client transport data: an {@link IpPeer} (socket address, virtual host) and its
 * identity (no security, PSK, RPK, X.509 or OSCORE). Addresses are kept as raw IP bytes with their IPv6 scope, so
 * reading them back never looks a name up. Stateless.
 */
final class PeerCodec {

    private static final byte PEER_IP = 1;

    private static final byte ADDRESS_UNRESOLVED = 0;
    private static final byte ADDRESS_IP = 1;

    private static final byte IDENTITY_SOCKET = 1;
    private static final byte IDENTITY_PSK = 2;
    private static final byte IDENTITY_RPK = 3;
    private static final byte IDENTITY_X509 = 4;
    private static final byte IDENTITY_OSCORE = 5;

    private PeerCodec() {
    }

    /** @throws IllegalArgumentException if {@code peer} is not an {@link IpPeer} or has an identity of another type */
    static void writePeer(ByteWriter w, LwM2mPeer peer) {
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

    private static void writeAddress(ByteWriter w, InetSocketAddress address) {
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

    /**
     * @throws IllegalArgumentException on an unknown peer, address or identity type, or damaged bytes
     * @throws UnknownHostException if the stored IP address has an invalid length
     * @throws GeneralSecurityException if the stored public key cannot be rebuilt
     */
    static LwM2mPeer readPeer(ByteReader in) throws UnknownHostException, GeneralSecurityException {
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
            identity = new RpkIdentity(
                    KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded)));
        }
        case IDENTITY_X509 -> identity = new X509Identity(in.string());
        case IDENTITY_OSCORE -> identity = new OscoreIdentity(in.bytes());
        default -> throw new IllegalArgumentException(
                "stored registration has an unknown identity type " + identityType);
        }
        return virtualHost == null ? new IpPeer(address, identity) : new IpPeer(address, virtualHost, identity);
    }

    private static InetSocketAddress readAddress(ByteReader in) throws UnknownHostException {
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
}
