package dev.opendrive.platform.config;

import java.util.LinkedHashMap;
import java.util.Map;

import io.smallrye.config.Priorities;
import io.smallrye.config.RelocateConfigSourceInterceptor;
import jakarta.annotation.Priority;

/**
 * The environment variables operators know from the service OpenDrive replaces (and those Cloud Run
 * sets), mapped onto the configuration keys, once, for every deployable. A variable that is set
 * counts as if the key itself were set in the environment: above application.properties, below
 * system properties; unset, the key keeps its application.properties value or its
 * {@code @WithDefault}. Defaults live only there.
 * <p>
 * Registered as a SmallRye Config interceptor (META-INF/services), so it applies to Quarkus' own
 * keys ({@code quarkus.http.port} from {@code PORT}) as well as ours.
 */
@Priority(Priorities.LIBRARY + 500)
public class UpstreamVariables extends RelocateConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;

    /** Configuration key -> environment variable. */
    static final Map<String, String> KEYS = keys(
            // deployment
            "opendrive.deployment-mode", "DEPLOYMENT_MODE",
            "opendrive.data-dir", "DATA_DIR",
            "opendrive.service-name", "SERVICE_NAME",
            "quarkus.http.port", "PORT",
            "quarkus.http.host", "HOST",
            "quarkus.shutdown.timeout", "SHUTDOWN_TIMEOUT",
            // database
            "opendrive.mongodb.uri", "MONGODB_URI",
            "opendrive.mongodb.server-selection-timeout", "MONGODB_SERVER_SELECTION_TIMEOUT",
            "opendrive.mongodb.max-pool-size", "MONGODB_MAX_POOL_SIZE",
            "opendrive.mongodb.embedded-cache-mb", "EMBEDDED_DB_CACHE_MB",
            "quarkus.mongodb.database", "MONGODB_DATABASE",
            // events
            "opendrive.kafka.enabled", "KAFKA_ENABLED",
            "opendrive.kafka.bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS",
            "opendrive.kafka.api-key", "KAFKA_API_KEY",
            "opendrive.kafka.api-secret", "KAFKA_API_SECRET",
            "opendrive.kafka.topic", "KAFKA_TOPIC",
            "opendrive.kafka.dlq-topic", "KAFKA_DLQ_TOPIC",
            "opendrive.kafka.outbox.enabled", "KAFKA_OUTBOX_ENABLED",
            "opendrive.kafka.outbox.collection", "KAFKA_OUTBOX_COLLECTION",
            "opendrive.kafka.outbox.batch-size", "KAFKA_OUTBOX_BATCH_SIZE",
            "opendrive.kafka.outbox.poll-interval", "KAFKA_OUTBOX_POLL_INTERVAL",
            "opendrive.kafka.outbox.max-backoff", "KAFKA_OUTBOX_MAX_BACKOFF",
            "opendrive.kafka.outbox.lease", "KAFKA_OUTBOX_LEASE",
            "opendrive.kafka.outbox.send-timeout", "KAFKA_OUTBOX_SEND_TIMEOUT",
            "opendrive.kafka.outbox.ack-wait", "KAFKA_OUTBOX_ACK_WAIT",
            "opendrive.delivery.max-attempts", "DELIVERY_MAX_ATTEMPTS",
            // storage and uploads
            "opendrive.storage.provider", "STORAGE_PROVIDER",
            "opendrive.storage.path", "STORAGE_PATH",
            "opendrive.storage.max-file-size", "MAX_FILE_SIZE",
            "opendrive.gcs.bucket", "GCS_BUCKET",
            "opendrive.gcs.project-id", "GCS_PROJECT_ID",
            "opendrive.gcs.keyfile", "GCS_KEYFILE",
            "opendrive.files.max-files-per-upload", "MAX_FILES_PER_UPLOAD",
            "opendrive.files.allowed-types", "ALLOWED_MIME_TYPES",
            "quarkus.http.limits.max-body-size", "MAX_BODY_SIZE",
            "opendrive.quota.default", "DEFAULT_QUOTA",
            "opendrive.versions.max-versions", "MAX_VERSIONS",
            "opendrive.versions.retention", "VERSION_RETENTION",
            "opendrive.tus.expiry", "TUS_EXPIRY",
            "opendrive.folders.listing-cache-mb", "LISTING_CACHE_MB",
            "opendrive.files.download-cache-entries", "DOWNLOAD_CACHE_ENTRIES",
            // workers
            "opendrive.thumbnails.enabled", "THUMBNAILS_ENABLED",
            "opendrive.thumbnails.max-pixels", "THUMBNAIL_MAX_PIXELS",
            "opendrive.thumbnails.max-concurrency", "THUMBNAIL_CONCURRENCY",
            "opendrive.search.max-extracted-chars", "SEARCH_MAX_EXTRACTED_CHARS",
            "opendrive.search.max-content-tokens", "SEARCH_MAX_CONTENT_TOKENS",
            "opendrive.search.pdf-time-budget", "SEARCH_PDF_TIME_BUDGET",
            "opendrive.functions.storage-event-grace", "STORAGE_EVENT_GRACE",
            // auth and the HTTP edge
            "opendrive.auth.jwt-secret", "JWT_SECRET",
            "opendrive.auth.token-lifetime", "JWT_EXPIRES_IN",
            "opendrive.auth.bcrypt-cost", "BCRYPT_COST",
            "opendrive.auth.password-min-length", "PASSWORD_MIN_LENGTH",
            "opendrive.auth.login.max-attempts", "LOGIN_MAX_FAILURES",
            "opendrive.auth.login.window", "LOGIN_FAILURE_WINDOW",
            "opendrive.auth.register.max-attempts", "REGISTER_MAX_PER_IP",
            "opendrive.auth.register.window", "REGISTER_WINDOW",
            "opendrive.admin.token", "ADMIN_TOKEN",
            "opendrive.backup.dir", "BACKUP_DIR",
            "opendrive.hsts.max-age", "HSTS_MAX_AGE",
            "quarkus.http.proxy.proxy-address-forwarding", "TRUST_PROXY",
            "quarkus.http.proxy.allow-x-forwarded", "TRUST_PROXY",
            "quarkus.http.cors.origins", "ALLOWED_ORIGINS",
            "quarkus.management.host", "MANAGEMENT_HOST",
            "quarkus.management.port", "MANAGEMENT_PORT",
            // logs and traces
            "quarkus.log.level", "LOG_LEVEL",
            "opendrive.log.format", "LOG_FORMAT",
            "opendrive.log.kafka.enabled", "LOG_KAFKA_ENABLED",
            "opendrive.log.kafka.topic-critical", "LOG_KAFKA_TOPIC_CRITICAL",
            "opendrive.log.kafka.topic-info", "LOG_KAFKA_TOPIC_INFO",
            "opendrive.log.kafka.topic-debug", "LOG_KAFKA_TOPIC_DEBUG",
            "opendrive.log.kafka.queue-size", "LOG_KAFKA_QUEUE_SIZE",
            "opendrive.tracing.enabled", "TRACING_ENABLED",
            "opendrive.tracing.sample-ratio", "TRACING_SAMPLE_RATIO",
            "quarkus.otel.exporter.otlp.traces.protocol", "OTLP_PROTOCOL",
            // set by the platform, not by operators
            "opendrive.platform.project-id", "GOOGLE_CLOUD_PROJECT",
            "opendrive.platform.cloud-run.service", "K_SERVICE",
            "opendrive.platform.cloud-run.revision", "K_REVISION",
            "opendrive.platform.cloud-run.worker-pool", "CLOUD_RUN_WORKER_POOL",
            "opendrive.platform.cloud-run.worker-pool-revision", "CLOUD_RUN_WORKER_POOL_REVISION");

    public UpstreamVariables() {
        super(KEYS);
    }

    private static Map<String, String> keys(String... pairs) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(keys);
    }
}
