package dev.yocto.resources.api;

import java.util.PriorityQueue;
import java.util.concurrent.Callable;

/**
 * What {@code --parallelism} bounds: the AWS API calls (and image builds) in flight at once, not the
 * resources being worked on. A resource waiting for AWS sleeps between its polls without a permit,
 * so any number of resources can wait at once while only N calls run.
 *
 * <p>When calls queue for a permit, the one of the thread with the highest {@link #prioritise
 * priority} goes first (the walker gives each resource's thread the length of the longest path of
 * work waiting on it), then the one that asked first. Permits are held per thread and reentrant: a
 * call made while the thread already holds one (an ECR token fetched during a held image push) does
 * not take a second one, so one permit can never deadlock.
 */
public final class Permits {

    /** No bound: every call proceeds at once. */
    public static final Permits UNBOUNDED = new Permits(Integer.MAX_VALUE);

    private static final ThreadLocal<Long> PRIORITY = ThreadLocal.withInitial(() -> 0L);
    private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);

    private record Waiter(long priority, long order, Thread thread) {
    }

    private final int limit;
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((a, b) -> a.priority != b.priority
            ? Long.compare(b.priority, a.priority) : Long.compare(a.order, b.order));
    private int inUse;
    private int peak;
    private long asked;

    public Permits(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one permit, got " + limit);
        }
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** Sets the priority of the calls the current thread makes from now on (higher goes first). */
    public static void prioritise(long priority) {
        PRIORITY.set(priority);
    }

    /** Takes a permit for the current thread, waiting by priority if all are in use; reentrant. */
    public void acquire() {
        int[] held = HELD.get();
        if (held[0]++ > 0 || limit == Integer.MAX_VALUE) {
            return;
        }
        synchronized (this) {
            Waiter me = new Waiter(PRIORITY.get(), asked++, Thread.currentThread());
            waiting.add(me);
            try {
                while (inUse >= limit || waiting.peek() != me) {
                    wait();
                }
            } catch (InterruptedException e) {
                waiting.remove(me);
                held[0]--;
                notifyAll();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an AWS call permit", e);
            }
            waiting.poll();
            inUse++;
            peak = Math.max(peak, inUse);
            notifyAll(); // the next waiter may take a free permit too
        }
    }

    /** Gives back the current thread's permit (the outermost of its reentrant holds). */
    public void release() {
        int[] held = HELD.get();
        if (held[0] == 0) {
            throw new IllegalStateException("release without acquire");
        }
        if (--held[0] > 0 || limit == Integer.MAX_VALUE) {
            return;
        }
        synchronized (this) {
            inUse--;
            notifyAll();
        }
    }

    /** True while the current thread holds a permit. */
    public boolean held() {
        return HELD.get()[0] > 0;
    }

    /** Runs {@code work} (a docker build, a push) holding a permit. */
    public <T> T hold(Callable<T> work) throws Exception {
        acquire();
        try {
            return work.call();
        } finally {
            release();
        }
    }

    /** The most permits ever in use at once. */
    public synchronized int peak() {
        return peak;
    }

    /** Threads waiting for a permit now. */
    public synchronized int queued() {
        return waiting.size();
    }
}
