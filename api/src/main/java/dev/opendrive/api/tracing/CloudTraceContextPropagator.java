package dev.opendrive.api.tracing;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Reads Google's {@code X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=OPTIONS} (32 hex digits, a
 * decimal span id, o=1 when sampled) when no earlier propagator found a parent, so a request keeps
 * the trace Cloud Run's load balancer started. Extract only: outgoing calls and Kafka records
 * carry W3C traceparent.
 */
final class CloudTraceContextPropagator implements TextMapPropagator {

    static final String HEADER = "x-cloud-trace-context";

    @Override
    public Collection<String> fields() {
        return List.of();
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        if (carrier == null || Span.fromContext(context).getSpanContext().isValid()) {
            return context;
        }
        SpanContext parent = parse(getter.get(carrier, HEADER));
        return parent == null ? context : context.with(Span.wrap(parent));
    }

    static SpanContext parse(String value) {
        if (value == null) {
            return null;
        }
        int slash = value.indexOf('/');
        if (slash != TraceId.getLength()) {
            return null;
        }
        String traceId = value.substring(0, slash).toLowerCase(Locale.ROOT);
        if (!TraceId.isValid(traceId)) {
            return null;
        }
        int semicolon = value.indexOf(';', slash);
        String span = semicolon < 0 ? value.substring(slash + 1) : value.substring(slash + 1, semicolon);
        long spanId;
        try {
            spanId = Long.parseUnsignedLong(span.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (spanId == 0) {
            return null;
        }
        boolean sampled = semicolon >= 0 && value.substring(semicolon + 1).trim().equals("o=1");
        return SpanContext.createFromRemoteParent(traceId, SpanId.fromLong(spanId),
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
    }
}
