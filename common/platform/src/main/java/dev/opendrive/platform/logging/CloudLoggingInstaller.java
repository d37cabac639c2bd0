package dev.opendrive.platform.logging;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;

import org.eclipse.microprofile.config.Config;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.platform.config.PlatformConfig;
import dev.opendrive.platform.kafka.KafkaClientProperties;
import dev.opendrive.platform.kafka.KafkaConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Puts the Cloud Logging formatter on the console handler(s) Quarkus created. Quarkus only lets an
 * extension contribute a console formatter (a build item), so the switch happens at the first
 * startup observer: the few lines logged during boot before it stay in the plain format. Off by
 * default. With LOG_KAFKA_ENABLED=true it also adds the
 * {@link KafkaLogHandler} to the root logger.
 */
@Singleton
public class CloudLoggingInstaller {

    private volatile KafkaLogHandler kafkaHandler;

    void onStart(@Observes @Priority(1) StartupEvent event, LoggingConfig log, PlatformConfig platform,
            OpenDriveConfig app, Config config, KafkaConfig kafka) {
        // GCS_PROJECT_ID names the project when GOOGLE_CLOUD_PROJECT is not set (outside GCP)
        CloudLoggingSettings settings = CloudLoggingSettings.from(log, platform,
                config.getOptionalValue("opendrive.gcs.project-id", String.class), app.serviceName());
        if (settings.json()) {
            install(settings.formatter());
        }
        if (log.kafka().enabled()) {
            kafkaHandler = kafkaHandler(log.kafka(), kafka, settings);
            LogContext.getLogContext().getLogger("").addHandler(kafkaHandler);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        KafkaLogHandler handler = kafkaHandler;
        if (handler != null) {
            LogContext.getLogContext().getLogger("").removeHandler(handler);
            handler.close();
        }
    }

    /** The Kafka copy of the log when LOG_KAFKA_ENABLED=true, else null. */
    public KafkaLogHandler kafkaHandler() {
        return kafkaHandler;
    }

    static KafkaLogHandler kafkaHandler(LoggingConfig.Kafka log, KafkaConfig kafka, CloudLoggingSettings settings) {
        KafkaLogHandler.Topics topics = new KafkaLogHandler.Topics(log.topicCritical(), log.topicInfo(),
                log.topicDebug());
        int queueSize = log.queueSize();
        String service = settings.service() == null ? "opendrive" : settings.service();
        return new KafkaLogHandler(producerProperties(kafka, service + "-logs"), topics, queueSize,
                settings.formatter(), service);
    }

    /** The app's Kafka connection (SASL included), tuned for logs: losing a line beats stalling the app. */
    public static Map<String, Object> producerProperties(KafkaConfig kafka, String clientId) {
        Map<String, Object> props = KafkaClientProperties.producer(kafka, clientId, Duration.ofSeconds(30));
        props.put("acks", "1");
        props.put("enable.idempotence", false);
        props.put("linger.ms", 100);
        props.put("max.block.ms", 5000);
        // delivery.timeout.ms (30 s) must cover linger.ms + request.timeout.ms or the producer refuses to start
        props.put("request.timeout.ms", 10000);
        return props;
    }

    /** Sets the formatter on every console handler under the root logger; returns how many. */
    public static int install(Formatter formatter) {
        int count = 0;
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
            count += install(h, formatter);
        }
        return count;
    }

    private static int install(Handler handler, Formatter formatter) {
        int count = 0;
        if (handler instanceof ConsoleHandler) {
            handler.setFormatter(formatter);
            count++;
        }
        // Quarkus wraps its handlers (delayed handler at the root, async handler if configured)
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                count += install(child, formatter);
            }
        }
        return count;
    }

    /** The console formatter currently in use, for checks. */
    public static Formatter consoleFormatter() {
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
            Formatter f = find(h);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static Formatter find(Handler handler) {
        if (handler instanceof ConsoleHandler) {
            return handler.getFormatter();
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                Formatter f = find(child);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }
}
