package dev.opendrive.api.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.opentelemetry.runtime.propagation.TextMapPropagatorCustomizer;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * Puts {@link CloudTraceContextPropagator} right after W3C trace context, so {@code traceparent}
 * wins and {@code X-Cloud-Trace-Context} is the fallback. A CDI customizer rather than a
 * ServiceLoader provider: Quarkus finds it at build time, nothing to register for native images.
 */
@Singleton
@Unremovable
public class CloudTracePropagatorCustomizer implements TextMapPropagatorCustomizer {

    private static final TextMapPropagator CLOUD_TRACE = new CloudTraceContextPropagator();

    @Override
    public TextMapPropagator customize(Context context) {
        TextMapPropagator configured = context.propagator();
        if (configured instanceof W3CTraceContextPropagator) {
            return TextMapPropagator.composite(configured, CLOUD_TRACE);
        }
        return configured;
    }
}
