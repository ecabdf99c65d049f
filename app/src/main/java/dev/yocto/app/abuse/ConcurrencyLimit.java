package dev.yocto.app.abuse;

import dev.yocto.app.http.ApiException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most {@code permits} of one kind of CPU- or memory-heavy work at a time; a request that finds
 * them all taken is answered 503 at once (with {@code Retry-After}) instead of queueing, so the
 * server's threads and CPU stay free for everything else — the health check above all.
 */
public final class ConcurrencyLimit {

    private final String what;
    private final Semaphore permits;

    public ConcurrencyLimit(String what, int permits) {
        this.what = what;
        this.permits = new Semaphore(permits);
    }

    public <T> T run(Supplier<T> work) {
        if (!permits.tryAcquire()) {
            throw ApiException.busy("the server is busy with other " + what + "; try again in a moment");
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    public void run(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }
}
