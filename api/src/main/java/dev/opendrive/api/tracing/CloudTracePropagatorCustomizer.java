package dev.opendrive.api.tracing;

import com.google.cloud.opentelemetry.propagators.XCloudTraceContextPropagator;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.arc.Unremovable;
import io.quarkus.opentelemetry.runtime.propagation.TextMapPropagatorCustomizer;
import jakarta.inject.Singleton;

/**
 * Puts Google's X-Cloud-Trace-Context propagator (propagators-gcp, one-way: it reads the header
 * Cloud Run's load balancer sends, {@code TRACE_ID/SPAN_ID;o=OPTIONS}, and never writes it) right
 * after W3C trace context, so {@code traceparent} wins and X-Cloud-Trace-Context is the fallback;
 * outgoing calls and Kafka records carry W3C traceparent only. A CDI customizer rather than the
 * library's ServiceLoader provider ({@code quarkus.otel.propagators=...,oneway-gcp}): Quarkus finds
 * it at build time, nothing to register for native images, and the order does not depend on config.
 */
@Singleton
@Unremovable
public class CloudTracePropagatorCustomizer implements TextMapPropagatorCustomizer {

    private static final TextMapPropagator CLOUD_TRACE = new XCloudTraceContextPropagator(true);

    @Override
    public TextMapPropagator customize(Context context) {
        TextMapPropagator configured = context.propagator();
        if (configured instanceof W3CTraceContextPropagator) {
            return TextMapPropagator.composite(configured, CLOUD_TRACE);
        }
        return configured;
    }
}
