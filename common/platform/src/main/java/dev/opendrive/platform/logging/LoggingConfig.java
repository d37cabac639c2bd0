package dev.opendrive.platform.logging;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** How logs are written: LOG_FORMAT and the optional copy to Kafka (LOG_KAFKA_*). */
@ConfigMapping(prefix = "opendrive.log")
public interface LoggingConfig {

    /** LOG_FORMAT: {@code json} for one Cloud Logging JSON object per line (always on Cloud Run). */
    Optional<String> format();

    Kafka kafka();

    interface Kafka {
        /** LOG_KAFKA_ENABLED: also send log lines to Kafka topics by severity. */
        @WithDefault("false")
        boolean enabled();

        @WithName("topic-critical")
        @WithDefault("opendrive-logs-critical")
        String topicCritical();

        @WithName("topic-info")
        @WithDefault("opendrive-logs-info")
        String topicInfo();

        @WithName("topic-debug")
        @WithDefault("opendrive-logs-debug")
        String topicDebug();

        /** Lines waiting for the broker; when full, new lines are dropped (and counted), never blocking the app. */
        @WithName("queue-size")
        @WithDefault("10000")
        int queueSize();
    }
}
