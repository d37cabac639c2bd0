package dev.opendrive.platform.delivery;

import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.opendrive.model.events.EventCodec;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;
import dev.opendrive.model.events.EventData.AboutFile;
import dev.opendrive.platform.delivery.EventMetrics.Kind;
import dev.opendrive.platform.logging.LogEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The one way an event reaches a handler, whatever carried it (the monolith's in-process bus, a
 * Kafka record, a pushed CloudEvent): decode the record, ask the handler whether it wants the
 * event, run one attempt in its own span, record the metric, and classify a failure under the
 * retry policy as retry-later or dead-letter, logged the same way everywhere
 * ({@code delivery.retry}, {@code delivery.dead_letter} with the transport and where the event came
 * from). Each transport only does what is its own: waiting, acknowledging, the dead-letter topic.
 */
@ApplicationScoped
public class EventDelivery {

    private static final Logger LOG = Logger.getLogger(EventDelivery.class);

    private final EventMetrics metrics;
    private final Tracer tracer;
    private final RetryPolicy policy;

    @Inject
    public EventDelivery(EventMetrics metrics, Instance<Tracer> tracer, DeliveryConfig config) {
        // a deployable without OpenTelemetry (the push functions) runs attempts without spans
        this(metrics, tracer.isResolvable() ? tracer.get() : TracerProvider.noop().get("opendrive"),
                RetryPolicy.of(config));
    }

    public EventDelivery(EventMetrics metrics, Tracer tracer, RetryPolicy policy) {
        this.metrics = metrics;
        this.tracer = tracer;
        this.policy = policy;
    }

    /** The configured policy, for transports that wait between attempts themselves. */
    public RetryPolicy policy() {
        return policy;
    }

    /** Reads the event out of whatever carried it. */
    @FunctionalInterface
    public interface Decoder {
        /** The event; empty for a well-formed event of a type this version does not know. */
        Optional<FileEvent> decode() throws UnprocessableEventException;
    }

    /** The event in a record's value (the envelope as {@link EventCodec} writes it). */
    public Optional<FileEvent> decode(FileEventHandler handler, String record, Where where)
            throws UnprocessableEventException {
        return decode(handler, where, () -> EventCodec.decode(record));
    }

    /**
     * The event a decoder finds; empty for an event type this version does not know (skipped, not
     * dead-lettered: a newer producer's).
     *
     * @throws UnprocessableEventException a poison record, already logged and counted as dead-lettered
     */
    public Optional<FileEvent> decode(FileEventHandler handler, Where where, Decoder decoder)
            throws UnprocessableEventException {
        long started = System.nanoTime();
        try {
            Optional<FileEvent> event = decoder.decode();
            if (event.isEmpty()) {
                where.log("delivery.skipped").with("handler", handler.name()).with("reason", "unknown-event-type")
                        .debug(LOG);
            }
            return event;
        } catch (UnprocessableEventException e) {
            metrics.record(handler.name(), null, Kind.DEAD_LETTER, started);
            where.log("delivery.dead_letter").with("handler", handler.name()).outcome("dead_letter")
                    .with("reason", "poison").with("attempts", 0).with("error", e.getMessage()).error(LOG, null);
            throw e;
        }
    }

    /** One attempt under the configured policy. */
    public Outcome attempt(FileEventHandler handler, FileEvent event, int attempt, Where where) {
        return attempt(handler, event, attempt, where, policy);
    }

    /**
     * Runs the handler once on the event (if it accepts it) and says what the transport should do.
     * Never throws: a handler's failure is the outcome.
     */
    public Outcome attempt(FileEventHandler handler, FileEvent event, int attempt, Where where, RetryPolicy policy) {
        if (!handler.accepts(event)) {
            return Outcome.SKIPPED;
        }
        long started = System.nanoTime();
        String type = event.type().wire();
        Span span = tracer.spanBuilder(handler.name() + " " + type).setParent(where.trace())
                .setAttribute("opendrive.file_id", fileId(event))
                .setAttribute("opendrive.event_id", event.id())
                .setAttribute("opendrive.attempt", attempt)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            handler.handle(event);
            metrics.record(handler.name(), type, Kind.SUCCESS, started);
            about(where.log("delivery.done"), handler, event).with("attempt", attempt).outcome("success")
                    .durationSince(started).debug(LOG);
            return Outcome.DONE;
        } catch (UnprocessableEventException e) {
            fail(span, e);
            metrics.record(handler.name(), type, Kind.DEAD_LETTER, started);
            about(where.log("delivery.dead_letter"), handler, event).outcome("dead_letter")
                    .with("reason", "unprocessable").with("attempts", attempt).durationSince(started)
                    .with("error", e.getMessage()).error(LOG, null);
            return new Outcome.DeadLetter("unprocessable", e);
        } catch (Exception | LinkageError e) {
            fail(span, e);
            if (policy.exhausted(attempt)) {
                metrics.record(handler.name(), type, Kind.DEAD_LETTER, started);
                about(where.log("delivery.dead_letter"), handler, event).outcome("dead_letter")
                        .with("reason", "attempts-exhausted").with("attempts", attempt).durationSince(started)
                        .error(LOG, e);
                return new Outcome.DeadLetter("attempts-exhausted", e);
            }
            metrics.record(handler.name(), type, Kind.RETRY, started);
            Outcome.Retry retry = new Outcome.Retry(policy.backoffAfter(attempt),
                    e instanceof Exception ex ? ex : new IllegalStateException(e));
            LogEvent line = about(where.log("delivery.retry"), handler, event).outcome("retry").with("attempt", attempt)
                    .durationSince(started).with("error", e.toString());
            if (policy.redeliveredBySender()) {
                line.with("retry", "by the sender");
            } else {
                line.with("retryInMs", retry.after().toMillis());
            }
            line.warn(LOG);
            return retry;
        } finally {
            span.end();
        }
    }

    private static void fail(Span span, Throwable e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, e.toString());
    }

    private static LogEvent about(LogEvent log, FileEventHandler handler, FileEvent event) {
        return log.with("handler", handler.name()).with("eventId", event.id()).with("eventType", event.type().wire())
                .with("fileId", fileId(event)).with("userId", event.data().userId());
    }

    private static String fileId(FileEvent event) {
        return event.data() instanceof AboutFile about ? about.file().fileId() : null;
    }

    /**
     * Where an event came from: the transport, fields that locate it for an operator (topic,
     * partition and offset of a record; the CloudEvent's id), and the trace it continues.
     */
    public record Where(String transport, Map<String, Object> fields, Context trace) {

        public static Where of(String transport) {
            return new Where(transport, Map.of(), Context.current());
        }

        LogEvent log(String event) {
            LogEvent log = LogEvent.of(event).with("transport", transport);
            fields.forEach(log::with);
            return log;
        }
    }
}
