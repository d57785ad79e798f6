// SPDX-License-Identifier: Apache-2.0
package org.motehub.web.api.firmware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an HTTP connection becomes once the answer to a refused upload whose body was left unread has been sent: it
 * ends its output, so the client sees the whole answer, then drops what the client still sends and closes when the
 * client does, when it goes idle, or after {@code budget} bytes. Closing at once with unread bytes would make the
 * connection reset and the client could lose the answer; reading without end would let a client make the server read
 * gigabytes.
 */
final class DiscardingConnection extends AbstractConnection implements Connection.UpgradeTo {

    private static final Logger LOG = LoggerFactory.getLogger(DiscardingConnection.class);

    private final long budget;
    private final ByteBuffer buffer = BufferUtil.allocate(16 * 1024);
    private long discarded;

    DiscardingConnection(EndPoint endPoint, Executor executor, long budget) {
        super(endPoint, executor);
        this.budget = budget;
    }

    @Override
    public void onUpgradeTo(ByteBuffer unread) {
        discarded += unread.remaining();
        unread.position(unread.limit());
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().shutdownOutput();
        fillInterested();
    }

    @Override
    public void onFillable() {
        try {
            while (discarded <= budget) {
                BufferUtil.clear(buffer);
                int n = getEndPoint().fill(buffer);
                if (n < 0) {
                    getEndPoint().close();
                    return;
                }
                if (n == 0) {
                    fillInterested();
                    return;
                }
                discarded += n;
            }
            LOG.debug("Closing [{}] after discarding [{}] bytes sent after a refused upload's answer",
                    getEndPoint().getRemoteSocketAddress(), discarded);
            getEndPoint().close();
        } catch (IOException e) {
            LOG.debug("Connection broke off while a refused upload was discarded: {}", e.toString());
            getEndPoint().close(e);
        }
    }
}
