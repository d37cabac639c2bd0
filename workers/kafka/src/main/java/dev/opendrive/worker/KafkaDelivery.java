package dev.opendrive.worker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.platform.logging.LogEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;
import dev.opendrive.platform.delivery.EventMetrics;
import dev.opendrive.platform.kafka.TraceHeaders;

/**
 * Runs a handler on one Kafka record. The record is acknowledged only after the handler succeeded
 * (the throttled commit strategy then commits its offset); failures are retried here with
 * exponential backoff; when attempts run out, or the handler says retrying cannot help, the record
 * is nacked and the connector's dead-letter strategy moves it to the DLQ topic with headers naming
 * the error, the original partition/offset and the attempts, and the consumer moves on.
 *
 * <p>Each attempt runs in its own span ("thumbnail file.uploaded", attempt n) under the record's
 * trace, so the handler's work and logs join the request that published the event.
 */
@ApplicationScoped
public class KafkaDelivery {

    public static final String ATTEMPTS_HEADER = "dead-letter-attempts";
    private static final Logger LOG = Logger.getLogger(KafkaDelivery.class);

    private final ObjectMapper json;
    private final DeliveryConfig config;
    private final EventMetrics metrics;
    private final Tracer tracer;

    public KafkaDelivery(ObjectMapper json, DeliveryConfig config, EventMetrics metrics, Tracer tracer) {
        this.json = json;
        this.config = config;
        this.metrics = metrics;
        this.tracer = tracer;
    }

    /** Must run on a worker thread (the consumer method is @Blocking): it sleeps between retries. */
    public CompletionStage<Void> deliver(FileEventHandler handler, Message<String> message) {
        try (Scope ignored = recordContext(message).makeCurrent()) {
            return deliverInTrace(handler, message);
        }
    }

    private CompletionStage<Void> deliverInTrace(FileEventHandler handler, Message<String> message) {
        String where = position(message);
        FileEvent event;
        try {
            event = json.readValue(message.getPayload(), FileEvent.class);
            if (event.event() == null || event.data() == null) {
                throw new IllegalArgumentException("missing event or data");
            }
        } catch (Exception e) {
            deadLetter(handler, null, message, 0, "poison").with("error", e.toString()).error(LOG, null);
            metrics.record(handler.name(), null, EventMetrics.Outcome.DEAD_LETTER, System.nanoTime());
            return message.nack(new UnprocessableEventException("Malformed event record", e), dlqMetadata(0));
        }
        if (!handler.accepts(event)) {
            return message.ack();
        }
        for (int attempt = 1;; attempt++) {
            long started = System.nanoTime();
            try {
                handleInSpan(handler, event, attempt);
                metrics.record(handler.name(), event.event(), EventMetrics.Outcome.SUCCESS, started);
                LOG.debugf("event=delivery.done handler=%s eventId=%s attempt=%d ms=%d", handler.name(), event.id(),
                        attempt, (System.nanoTime() - started) / 1_000_000);
                return message.ack();
            } catch (UnprocessableEventException e) {
                metrics.record(handler.name(), event.event(), EventMetrics.Outcome.DEAD_LETTER, started);
                deadLetter(handler, event, message, attempt, "unprocessable").durationSince(started)
                        .with("error", e.getMessage()).error(LOG, null);
                return message.nack(e, dlqMetadata(attempt));
            } catch (Exception e) {
                if (attempt >= config.maxAttempts()) {
                    metrics.record(handler.name(), event.event(), EventMetrics.Outcome.DEAD_LETTER, started);
                    deadLetter(handler, event, message, attempt, "attempts-exhausted").durationSince(started)
                            .error(LOG, e);
                    return message.nack(e, dlqMetadata(attempt));
                }
                metrics.record(handler.name(), event.event(), EventMetrics.Outcome.RETRY, started);
                long backoff = backoffMillis(attempt);
                LOG.warnf("event=delivery.retry handler=%s eventId=%s %s attempt=%d retryInMs=%d error=%s",
                        handler.name(), event.id(), where, attempt, backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    // shutting down: leave the record unacknowledged so it is redelivered
                    Thread.currentThread().interrupt();
                    return message.nack(ie);
                }
            }
        }
    }

    private void handleInSpan(FileEventHandler handler, FileEvent event, int attempt) throws Exception {
        Span span = tracer.spanBuilder(handler.name() + " " + event.event())
                .setAttribute("opendrive.file_id", event.data().fileId())
                .setAttribute("opendrive.event_id", event.id())
                .setAttribute("opendrive.attempt", attempt)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            handler.handle(event);
        } catch (Exception e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.toString());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The connector's consumer span (made from the record's traceparent) when its tracing is on;
     * otherwise the record's traceparent itself.
     */
    private static Context recordContext(Message<String> message) {
        return TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext)
                .or(() -> message.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(m -> TraceHeaders.extract(Context.root(), m.getHeaders())))
                .orElseGet(Context::root);
    }

    long backoffMillis(int attempt) {
        long base = config.firstBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Math.min(base, config.maxBackoff().toMillis());
    }

    /** Dead-lettered records are what an operator has to look at: structured, so a query finds them. */
    private static LogEvent deadLetter(FileEventHandler handler, FileEvent event, Message<String> message,
            int attempts, String reason) {
        LogEvent log = LogEvent.of("delivery.dead_letter").with("handler", handler.name()).outcome("dead_letter")
                .with("reason", reason).with("attempts", attempts);
        if (event != null) {
            log.with("eventId", event.id()).with("eventType", event.event()).with("fileId", event.data().fileId())
                    .with("userId", event.data().userId());
        }
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> log.with("topic", m.getTopic())
                .with("partition", m.getPartition()).with("offset", m.getOffset()));
        return log;
    }

    private static Metadata dlqMetadata(int attempts) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ATTEMPTS_HEADER, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
        return Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    }

    private static String position(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> "topic=" + m.getTopic() + " partition=" + m.getPartition() + " offset=" + m.getOffset())
                .orElse("");
    }
}
