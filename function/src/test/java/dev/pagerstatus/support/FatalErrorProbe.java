package dev.pagerstatus.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A process that meets a fatal error the way {@code serve} could: on a server thread, or in a scheduled task. */
public final class FatalErrorProbe {
    private FatalErrorProbe() {}

    public static void main(String[] args) throws Exception {
        Fatal.install();
        switch (args[0]) {
            case "virtual-thread" ->
                Thread.ofVirtual().start(() -> {
                    throw new OutOfMemoryError("Java heap space (simulated)");
                });
            case "platform-thread" ->
                new Thread(
                                () -> {
                                    throw new StackOverflowError("simulated");
                                },
                                "HTTP-Dispatcher")
                        .start();
            case "scheduled-task" -> {
                ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
                schedule.scheduleAtFixedRate(
                        Fatal.guard(() -> {
                            throw new OutOfMemoryError("Java heap space (simulated)");
                        }),
                        0,
                        1,
                        TimeUnit.SECONDS);
            }
            case "runtime-exception" -> {
                Thread buggy = new Thread(() -> {
                    throw new IllegalStateException("a bug, not a fatal error");
                });
                buggy.start();
                // The handler runs on the dying thread: once it has ended, the bug is logged, however slow the
                // machine (a fixed wait lost the log line on a loaded CI machine).
                buggy.join();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        // A server would keep running; so does this probe, until something ends it or its time is up.
        Thread.sleep(Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 20));
        System.exit(0);
    }
}
