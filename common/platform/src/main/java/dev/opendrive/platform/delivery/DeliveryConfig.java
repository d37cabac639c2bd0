package dev.opendrive.platform.delivery;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** How a failing handler is retried, on every transport that retries itself (DELIVERY_* variables). */
@ConfigMapping(prefix = "opendrive.delivery")
public interface DeliveryConfig {

    /** Attempts per event and handler before it is dead-lettered. */
    @WithName("max-attempts")
    @WithDefault("5")
    int maxAttempts();

    /** The pause after the first failed attempt; it doubles after each further one. */
    @WithName("first-backoff")
    @WithDefault("500ms")
    Duration firstBackoff();

    @WithName("max-backoff")
    @WithDefault("10s")
    Duration maxBackoff();
}
