package dev.yocto.app.abuse;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (a client address, a username, a user id), in this task's memory:
 * {@code burst} tokens, one more every {@code refillEvery}. Full buckets are dropped when the map
 * grows past {@code maxKeys}, so a flood of distinct keys cannot exhaust memory.
 */
public final class TokenBuckets {

    public record Rate(int burst, Duration refillEvery) {
    }

    private static final int DEFAULT_MAX_KEYS = 100_000;

    private final Rate rate;
    private final Clock clock;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(Rate rate, Clock clock) {
        this(rate, clock, DEFAULT_MAX_KEYS);
    }

    TokenBuckets(Rate rate, Clock clock, int maxKeys) {
        this.rate = rate;
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /** Takes a token: empty if there was one, otherwise how long until the next one. */
    public Optional<Duration> take(String key) {
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            long now = clock.millis();
            buckets.values().removeIf(bucket -> bucket.isFull(now));
            if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
                // Every bucket is in use: forget them rather than grow without bound (documented limit).
                buckets.clear();
            }
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(rate.burst(), clock.millis())).take(clock.millis());
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Optional<Duration> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            long wait = (long) Math.ceil((1 - tokens) * rate.refillEvery().toMillis());
            return Optional.of(Duration.ofMillis(wait));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= rate.burst();
        }

        private void refill(long now) {
            double added = (double) Math.max(0, now - updated) / rate.refillEvery().toMillis();
            tokens = Math.min(rate.burst(), tokens + added);
            updated = now;
        }
    }
}
