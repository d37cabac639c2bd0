package dev.opendrive.worker;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;
import dev.opendrive.platform.delivery.EventDelivery;
import dev.opendrive.platform.delivery.EventDelivery.Where;
import dev.opendrive.platform.delivery.Outcome;
import dev.opendrive.platform.kafka.TraceHeaders;
import dev.opendrive.platform.logging.LogEvent;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Kafka transport of the delivery core: one record, one handler. The record is acknowledged
 * only after the handler succeeded or skipped it (the throttled commit strategy then commits its
 * offset); a failed attempt is tried again on this thread after the policy's backoff; when the core
 * dead-letters it, the record is nacked and the connector's dead-letter strategy moves it to the DLQ
 * topic with headers naming the error, the original partition/offset and the attempts, and the
 * consumer moves on.
 * <p>
 * Shutting down (the thread interrupted during a backoff) leaves the record neither acked nor
 * nacked: its offset is not committed, so the next consumer of the partition gets it again. A nack
 * there would dead-letter a good record only because the worker was scaled down.
 */
@ApplicationScoped
public class KafkaDelivery {

    public static final String ATTEMPTS_HEADER = "dead-letter-attempts";
    private static final Logger LOG = Logger.getLogger(KafkaDelivery.class);

    private final EventDelivery delivery;

    public KafkaDelivery(EventDelivery delivery) {
        this.delivery = delivery;
    }

    /** Must run on a worker thread (the consumer method is @Blocking): it sleeps between attempts. */
    public CompletionStage<Void> deliver(FileEventHandler handler, Message<String> message) {
        Where where = where(message);
        Optional<FileEvent> decoded;
        try {
            decoded = delivery.decode(handler, message.getPayload(), where);
        } catch (UnprocessableEventException e) {
            return message.nack(e, dlqMetadata(0));
        }
        if (decoded.isEmpty()) {
            return message.ack();
        }
        FileEvent event = decoded.get();
        for (int attempt = 1;; attempt++) {
            Outcome outcome = delivery.attempt(handler, event, attempt, where);
            if (outcome instanceof Outcome.DeadLetter dead) {
                return message.nack(dead.cause(), dlqMetadata(attempt));
            }
            if (!(outcome instanceof Outcome.Retry retry)) {
                return message.ack();
            }
            try {
                Thread.sleep(retry.after().toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                LogEvent.of("delivery.interrupted").with("handler", handler.name()).with("eventId", event.id())
                        .with("attempt", attempt)
                        .with("detail", "shutting down: the record stays uncommitted and is delivered again")
                        .info(LOG);
                return CompletableFuture.completedFuture(null);
            }
        }
    }

    /** Where the record lies, for the logs, and the trace it continues. */
    private static Where where(Message<String> message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(m -> {
            fields.put("topic", m.getTopic());
            fields.put("partition", m.getPartition());
            fields.put("offset", m.getOffset());
        });
        return new Where("kafka", fields, recordContext(message));
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

    private static Metadata dlqMetadata(int attempts) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ATTEMPTS_HEADER, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
        return Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    }
}
