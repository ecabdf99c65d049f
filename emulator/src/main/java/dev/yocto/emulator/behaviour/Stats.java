package dev.yocto.emulator.behaviour;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the profile did: attempts seen, and how many it answered with a fault, a not-found or a refusal. */
public final class Stats {

    /** A snapshot. */
    public record Counts(long calls, long attempts, long faults, long notFound, long refusals, long rewrites,
                         Map<String, Long> byAnswer) {

        /** Attempts beyond the first of each call: the retries of the SDK (yocto's own retries are new calls). */
        public long retries() {
            return attempts - calls;
        }

        @Override
        public String toString() {
            return "calls " + calls + ", attempts " + attempts + " (retries " + retries() + "), faults " + faults
                    + ", not-found " + notFound + ", refusals " + refusals + ", states rewritten " + rewrites
                    + " " + byAnswer;
        }
    }

    final AtomicLong calls = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong faults = new AtomicLong();
    final AtomicLong notFound = new AtomicLong();
    final AtomicLong refusals = new AtomicLong();
    final AtomicLong rewrites = new AtomicLong();
    private final Map<String, AtomicLong> byAnswer = new ConcurrentHashMap<>();

    void answered(String what) {
        byAnswer.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    public Counts counts() {
        Map<String, Long> answers = new TreeMap<>();
        byAnswer.forEach((k, v) -> answers.put(k, v.get()));
        return new Counts(calls.get(), attempts.get(), faults.get(), notFound.get(), refusals.get(), rewrites.get(),
                answers);
    }
}
