package dev.opendrive.platform.delivery;

import java.time.Duration;

/**
 * When a failed attempt is tried again, and after how long: exponential backoff from
 * {@code firstBackoff}, capped at {@code maxBackoff}, for {@code maxAttempts} attempts in all.
 * <p>
 * One policy object rather than SmallRye Fault Tolerance's {@code @Retry}: the three transports wait
 * in different ways (a timer on the in-process bus, the consumer's own thread on Kafka, which must
 * stop at shutdown without dead-lettering, and nothing at all on the push path, where Eventarc
 * redelivers), so the wait cannot live in one interceptor; the decision can, here.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    /** The sender redelivers a failed event (Eventarc push): never dead-letter for attempts, never wait. */
    public static final RetryPolicy BY_SENDER = new RetryPolicy(Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO);

    public static RetryPolicy of(DeliveryConfig config) {
        return new RetryPolicy(Math.max(1, config.maxAttempts()), config.firstBackoff(), config.maxBackoff());
    }

    /** Whether attempt number {@code attempt} (from 1) was the last one allowed. */
    public boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }

    /** The pause before attempt {@code attempt + 1}. */
    public Duration backoffAfter(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    public boolean redeliveredBySender() {
        return this == BY_SENDER;
    }
}
