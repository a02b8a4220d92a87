package dev.pagerstatus.http;

/** Something a request waits on before it goes out, such as a vendor's rate limit. */
@FunctionalInterface
public interface RequestGate {
    RequestGate OPEN = () -> {};

    void acquire() throws InterruptedException;
}
