// SPDX-License-Identifier: Apache-2.0
package org.motehub.web;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.motehub.web.problem.ProblemErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the Jetty 12 server under a {@link WebServer}: its threads, its single plain-HTTP connector (no server
 * version header), the Jersey container and the problem+json error page. Kept apart so the server itself only deals
 * with its life cycle.
 */
final class JettyHttp {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class); // the name it always logged under

    private final Server jetty;
    private final ServerConnector connector;
    private EventStreamRequests eventStreams;

    /** Prepares, without binding, a server for {@code host:port} (port 0 for a free one). */
    JettyHttp(String host, int port) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("motehub-http");
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
    }

    /** Serves {@code application} through a Jersey container, errors outside it as problem+json. */
    void serve(ResourceConfig application) {
        eventStreams = new EventStreamRequests(ContainerFactory.createContainer(JettyHttpContainer.class,
                application));
        jetty.setHandler(eventStreams);
        jetty.setErrorHandler(new ProblemErrorHandler());
        jetty.setStopTimeout(5_000);
    }

    /**
     * Binds and starts; on failure stops what did start before throwing.
     *
     * @throws Exception what Jetty threw
     */
    void start() throws Exception {
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly();
            throw e;
        }
    }

    /** @return the bound port, once started */
    int localPort() {
        return connector.getLocalPort();
    }

    /**
     * Stops serving and releases the port and the threads.
     *
     * @throws Exception what Jetty threw
     */
    void stop() throws Exception {
        if (eventStreams != null) {
            int ended = eventStreams.endAll(); // called after the event hub closed its streams: what is left is stuck
            if (ended > 0) {
                LOG.debug("Ended [{}] event streams whose client had gone away", ended);
            }
        }
        jetty.stop();
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.debug("Cleanup of a web server that failed to start failed too", e);
        }
    }
}
