package dev.pagerstatus.aws;

import dev.pagerstatus.support.Log;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda snapshots an initialised function, run its real code paths on bundled
 * sample payloads, so the snapshot holds loaded classes, built Jackson serializers, JCA's HMAC and compiled
 * hot paths. Priming reads no secret and reaches no service: nothing in the snapshot is confidential and
 * nothing outside changes. It is best effort; a failure is logged and never fails initialisation.
 */
final class Priming implements Resource {
    private final String name;
    private final Runnable work;

    private Priming(String name, Runnable work) {
        this.name = name;
        this.work = work;
    }

    /** Registers priming; the caller keeps the returned reference, because CRaC holds resources weakly. */
    static Priming register(String name, Runnable work) {
        Priming priming = new Priming(name, work);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Runs the priming now (what beforeCheckpoint does). */
    void run() {
        long started = System.nanoTime();
        Log.Level previous = Log.threshold();
        Log.threshold(Log.Level.ERROR);
        try {
            work.run();
        } catch (RuntimeException e) {
            Log.threshold(previous);
            Log.warn("priming.failed", "function", name, "error", e.toString());
            return;
        } finally {
            Log.threshold(previous);
        }
        Log.info("priming.done", "function", name, "duration_ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Log.info("snapstart.restored", "function", name);
    }
}
