package dev.opendrive.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void allowsUpToTheLimitPerWindowAndKey() {
        MutableClock clock = new MutableClock();
        RateLimiter limiter = new RateLimiter(3, Duration.ofHours(1), clock);
        assertThat(limiter.record("ip-1").allowed()).isTrue();
        assertThat(limiter.record("ip-1").allowed()).isTrue();
        RateLimiter.Decision third = limiter.record("ip-1");
        assertThat(third.allowed()).isTrue();
        assertThat(third.remaining()).isZero();
        RateLimiter.Decision fourth = limiter.record("ip-1");
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.resetSeconds()).isEqualTo(3600);
        assertThat(limiter.record("ip-2").allowed()).isTrue();

        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertThat(limiter.record("ip-1").allowed()).isTrue();
    }

    @Test
    void peekDoesNotCountAndResetForgets() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofMinutes(15), new MutableClock());
        assertThat(limiter.peek("k").allowed()).isTrue();
        assertThat(limiter.peek("k").allowed()).isTrue();
        limiter.record("k");
        assertThat(limiter.peek("k").allowed()).isFalse();
        limiter.reset("k");
        assertThat(limiter.peek("k").allowed()).isTrue();
    }
}
