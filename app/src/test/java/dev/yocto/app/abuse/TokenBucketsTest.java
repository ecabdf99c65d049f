package dev.yocto.app.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void burstThenOneTokenPerInterval_withTheWaitUntilTheNext() {
        ManualClock clock = new ManualClock();
        TokenBuckets buckets = new TokenBuckets(new TokenBuckets.Rate(3, Duration.ofSeconds(10)), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("a")).isEmpty();
        }
        assertThat(buckets.take("a")).contains(Duration.ofSeconds(10));
        assertThat(buckets.take("b")).as("another key has its own bucket").isEmpty();
        clock.advance(Duration.ofSeconds(4));
        assertThat(buckets.take("a")).contains(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(6));
        assertThat(buckets.take("a")).isEmpty();
        assertThat(buckets.take("a")).isPresent();
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("a")).as("refilled to the burst, not beyond").isEmpty();
        }
        assertThat(buckets.take("a")).isPresent();
    }

    @Test
    void atTheKeyLimit_fullBucketsAreDroppedFirst_andBusyOnesKeepTheirState() {
        ManualClock clock = new ManualClock();
        TokenBuckets buckets = new TokenBuckets(new TokenBuckets.Rate(2, Duration.ofHours(1)), clock, 3);
        buckets.take("attacker");
        buckets.take("attacker");
        buckets.take("idle");
        clock.advance(Duration.ofHours(1));
        buckets.take("c");
        buckets.take("d");
        assertThat(buckets.take("attacker")).as("one token refilled").isEmpty();
        assertThat(buckets.take("attacker")).as("state kept when the full 'idle' bucket was dropped").isPresent();
    }
}
