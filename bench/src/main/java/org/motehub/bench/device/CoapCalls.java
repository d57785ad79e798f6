// SPDX-License-Identifier: Apache-2.0
package org.motehub.bench.device;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;

/**
 * Sends one CoAP request without blocking a thread: the returned future completes with the response (of any code),
 * or exceptionally when the request is rejected, fails to send, or has no answer within the deadline (then it is
 * cancelled, so CoAP retransmissions stop).
 */
final class CoapCalls {

    private CoapCalls() {
    }

    static CompletableFuture<Response> send(Endpoint endpoint, Request request, long deadlineMillis,
            ScheduledExecutorService timer) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (result.completeExceptionally(new TimeoutException("no answer within " + deadlineMillis + " ms"))) {
                request.cancel();
            }
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> deadline.cancel(false));
        request.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onResponse(Response response) {
                result.complete(response);
            }

            @Override
            public void onSendError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            protected void failed() {
                result.completeExceptionally(new IllegalStateException("request " + request.getCode() + " "
                        + request.getOptions().getUriPathString() + " ended without an answer"));
            }
        });
        endpoint.sendRequest(request);
        return result;
    }
}
