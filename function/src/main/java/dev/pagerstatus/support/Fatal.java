package dev.pagerstatus.support;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What happens when the JVM itself fails (out of memory, a stack overflow, a broken class): the error is
 * logged once, with its stack trace, and the process ends with {@value #EXIT_STATUS}, so that a supervisor
 * (systemd, a container runtime) restarts it. A server thread that died quietly would leave a process that
 * looks alive and answers nothing.
 */
public final class Fatal {
    /** EX_SOFTWARE from sysexits.h: an internal software error. */
    public static final int EXIT_STATUS = 70;

    private static final AtomicBoolean DYING = new AtomicBoolean();
    /** Released before the last log line, so that even an out-of-memory error can still be reported. */
    private static volatile byte[] reserve = new byte[256 * 1024];

    private Fatal() {}

    /** Makes every uncaught {@link Error}, on any thread, end the process; other throwables are logged. */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, throwable) -> {
            if (throwable instanceof Error error) {
                die(error, thread.getName());
            } else {
                Log.error(
                        "thread.crashed",
                        "thread",
                        thread.getName(),
                        "error",
                        throwable.toString(),
                        "stack",
                        Log.stack(throwable));
            }
        });
    }

    /**
     * Wraps work for an executor that would keep an error to itself (a scheduled task's future), so that an
     * error still ends the process.
     */
    public static Runnable guard(Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (Error error) {
                die(error, Thread.currentThread().getName());
            }
        };
    }

    /** Logs {@code error} once and halts; never returns. */
    public static void die(Throwable error, String thread) {
        if (DYING.compareAndSet(false, true)) {
            reserve = null;
            try {
                Log.error(
                        "process.fatal",
                        "thread",
                        thread,
                        "error",
                        error.toString(),
                        "stack",
                        Log.stack(error),
                        "exit_status",
                        EXIT_STATUS);
            } catch (Throwable ignored) {
                // The log line is best effort; ending the process is not.
            }
        }
        Runtime.getRuntime().halt(EXIT_STATUS);
    }
}
