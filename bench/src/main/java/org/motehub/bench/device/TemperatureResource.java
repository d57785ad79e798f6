// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.motehub.bench.stats.LatencyRecorder;

/**
 * Resource {@code /3303/0/5700} (IPSO temperature sensor value, a float) of one simulated device: readable as plain
 * text (content format 0, the default) or SenML-JSON (110), observable, with confirmable notifications whose
 * acknowledgement time is recorded.
 */
final class TemperatureResource extends CoapResource {

    private static final int TEXT = 0;
    private static final int SENML_JSON = 110;

    /** {@link System#nanoTime()} of a notification asked for and not yet sent, 0 when none. */
    private final AtomicLong pendingSince = new AtomicLong();
    private volatile LatencyRecorder notifications;
    private volatile double value = 18 + ThreadLocalRandom.current().nextDouble(6);

    TemperatureResource() {
        super("5700");
        setObservable(true);
        setObserveType(CoAP.Type.CON);
    }

    /**
     * Changes the value and notifies the observers, recording into {@code recorder} when each notification is
     * acknowledged.
     *
     * @return false when nobody observes the value (nothing was sent)
     */
    boolean change(LatencyRecorder recorder) {
        if (getObserverCount() == 0) {
            return false;
        }
        value = Math.round((value + ThreadLocalRandom.current().nextDouble(-0.5, 0.5)) * 10) / 10.0;
        notifications = recorder;
        pendingSince.set(System.nanoTime());
        changed();
        return true;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        int accept = exchange.getRequestOptions().getAccept();
        Response response = new Response(ResponseCode.CONTENT);
        if (accept == -1 || accept == TEXT) {
            response.setPayload(String.format(Locale.ROOT, "%.1f", value));
            response.getOptions().setContentFormat(TEXT);
        } else if (accept == SENML_JSON) {
            response.setPayload(String.format(Locale.ROOT, "[{\"bn\":\"/3303/0/5700\",\"v\":%.1f}]", value));
            response.getOptions().setContentFormat(SENML_JSON);
        } else {
            exchange.respond(ResponseCode.NOT_ACCEPTABLE);
            return;
        }
        long since = exchange.getRequestOptions().hasObserve() ? pendingSince.getAndSet(0) : 0;
        LatencyRecorder recorder = notifications;
        if (since != 0 && recorder != null) {
            response.addMessageObserver(new AcknowledgementObserver(since, recorder));
        }
        exchange.respond(response);
    }

    /** Records the time from asking for a notification to its acknowledgement by the server. */
    private static final class AcknowledgementObserver extends MessageObserverAdapter {
        private final long since;
        private final LatencyRecorder recorder;

        AcknowledgementObserver(long since, LatencyRecorder recorder) {
            this.since = since;
            this.recorder = recorder;
        }

        @Override
        public void onAcknowledgement() {
            recorder.successSince(since);
        }

        @Override
        protected void failed() {
            recorder.failureNow();
        }
    }
}
