package dev.pagerstatus.sync;

/**
 * Where the webhook receiver hands a request for a pass: locally a coalescing in-process queue, on AWS an
 * SQS FIFO queue. It must return quickly; the pass runs later, one at a time.
 */
@FunctionalInterface
public interface SyncTrigger {
    /** Queues a pass. Throws when the request could not be queued, so the webhook is answered 503 and retried. */
    void request(SyncRequest request) throws SyncUnavailableException;

    /** The request could not be queued (the queue is down, or shut); PagerDuty should retry the delivery. */
    final class SyncUnavailableException extends Exception {
        public SyncUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
