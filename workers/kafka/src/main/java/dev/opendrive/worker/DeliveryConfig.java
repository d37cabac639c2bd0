package dev.opendrive.worker;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "opendrive.delivery")
public interface DeliveryConfig {

    /** Attempts per record before it goes to the dead-letter topic. */
    @WithName("max-attempts")
    @WithDefault("5")
    int maxAttempts();

    @WithName("first-backoff")
    @WithDefault("500ms")
    Duration firstBackoff();

    @WithName("max-backoff")
    @WithDefault("10s")
    Duration maxBackoff();
}
