package dev.pagerstatus.http;

import java.net.http.HttpResponse;

/**
 * Reads one answer's body into memory, and notes whether the headers arrived, so that a timeout can say which
 * part of the answer was late. One instance per attempt.
 */
final class BoundedBody implements HttpResponse.BodyHandler<byte[]> {
    private volatile boolean headersArrived;

    boolean headersArrived() {
        return headersArrived;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        headersArrived = true;
        return HttpResponse.BodySubscribers.ofByteArray();
    }
}
