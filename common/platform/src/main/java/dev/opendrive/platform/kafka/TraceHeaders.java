package dev.opendrive.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * Carries the trace of the request that caused an event into its Kafka record: W3C
 * {@code traceparent}/{@code tracestate}, which the workers' Kafka connector reads back. The map is
 * plain strings so it can be captured when the event is created and applied later by whoever sends
 * the record (a relay sending an event stored earlier keeps the request's trace).
 *
 * <p>Always W3C rather than the HTTP propagators the API accepts: the record format must not depend
 * on how the request reached us, and the workers only read {@code traceparent}. Needs only the
 * OpenTelemetry API; without an SDK or outside a span the map is empty.
 */
public final class TraceHeaders {

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> KAFKA = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            carrier.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Header h = carrier.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private TraceHeaders() {
    }

    /** The current trace as W3C headers; empty when there is no valid span. */
    public static Map<String, String> capture() {
        Map<String, String> headers = new LinkedHashMap<>(4);
        W3C.inject(Context.current(), headers, (carrier, key, value) -> carrier.put(key, value));
        return headers;
    }

    /** Adds the captured headers to a record's headers (null or empty: nothing). */
    public static Headers apply(Map<String, String> trace, Headers headers) {
        if (trace != null) {
            trace.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    /** New record headers holding the captured trace, for a {@code ProducerRecord}. */
    public static Headers kafkaHeaders(Map<String, String> trace) {
        return apply(trace, new RecordHeaders());
    }

    /** The remote parent a record carries, on top of {@code parent}; {@code parent} when it carries none. */
    public static Context extract(Context parent, Headers headers) {
        return W3C.extract(parent, headers, KAFKA);
    }
}
