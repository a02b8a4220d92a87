package dev.pagerstatus.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads one answer's body into memory, up to {@link #CAP} bytes. A larger answer is refused without reading
 * further: at once when its {@code Content-Length} says so, else as soon as it passes the cap. Refusing cancels
 * the body's subscription, and the JDK client then closes the connection. It also notes whether the headers
 * arrived, so that a timeout can say which part of the answer was late. One instance per attempt.
 */
final class BoundedBody implements HttpResponse.BodyHandler<byte[]> {
    /**
     * Far above a real answer: a Statuspage incident with its updates takes 2–3 KB, a PagerDuty incident with its
     * trigger log entry 4–7 KB, so a page of 100 is well under a megabyte. Only a page of PagerDuty incidents
     * whose alerts carry more than 160 KB of details each on average (an event may carry up to 512 KB) would
     * reach it. While the body is joined it takes up to twice the cap in memory.
     */
    static final int CAP = 16 << 20;

    /** An answer whose body is larger than the cap; {@code status} is the answer's. */
    static final class TooLarge extends IOException {
        private final int status;

        TooLarge(int status) {
            super("the answer is larger than " + (CAP >> 20) + " MiB");
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private volatile boolean headersArrived;

    boolean headersArrived() {
        return headersArrived;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        headersArrived = true;
        return new Capped(info.statusCode(), declaredLength(info));
    }

    private static long declaredLength(HttpResponse.ResponseInfo info) {
        try {
            return info.headers().firstValueAsLong("content-length").orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Flow guarantees that its callbacks do not overlap, so the fields need no lock. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final List<byte[]> chunks = new ArrayList<>();
        private final int status;
        private final long declared;
        private Flow.Subscription subscription;
        private long length;

        Capped(int status, long declared) {
            this.status = status;
            this.declared = declared;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declared > CAP) {
                refuse();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                length += buffer.remaining();
                if (length > CAP) {
                    refuse();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                chunks.add(chunk);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            if (body.isDone()) {
                return;
            }
            byte[] whole = new byte[Math.toIntExact(length)];
            int at = 0;
            for (byte[] chunk : chunks) {
                System.arraycopy(chunk, 0, whole, at, chunk.length);
                at += chunk.length;
            }
            chunks.clear();
            body.complete(whole);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        private void refuse() {
            chunks.clear();
            body.completeExceptionally(new TooLarge(status));
            subscription.cancel();
        }
    }
}
