package dev.opendrive.api.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.quarkus.opentelemetry.runtime.propagation.TextMapPropagatorCustomizer;

/** What the API makes of the trace headers a request brings (the propagators Quarkus ends up with). */
class CloudTracePropagatorCustomizerTest {

    private static final String TRACE = "105445aa7843bc8bf206b12000100000";
    private static final String OTHER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final TextMapPropagator propagator = new CloudTracePropagatorCustomizer()
            .customize(new TextMapPropagatorCustomizer.Context() {
                @Override
                public TextMapPropagator propagator() {
                    return W3CTraceContextPropagator.getInstance();
                }

                @Override
                public ConfigProperties otelConfigProperties() {
                    return null;
                }
            });

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private SpanContext parent(Map<String, String> headers) {
        return Span.fromContext(propagator.extract(Context.root(), headers, HEADERS)).getSpanContext();
    }

    @Test
    void cloudRunsHeaderAloneGivesTheParent() {
        SpanContext parent = parent(Map.of("x-cloud-trace-context", TRACE + "/1234567890123;o=1"));
        assertThat(parent.isValid()).isTrue();
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getTraceId()).isEqualTo(TRACE);
        assertThat(parent.getSpanId()).isEqualTo(SpanId.fromLong(1234567890123L));
        assertThat(parent.isSampled()).isTrue();
        assertThat(parent(Map.of("x-cloud-trace-context", TRACE + "/1;o=0")).isSampled()).isFalse();
        // the options are optional: without them the parent is not sampled
        SpanContext bare = parent(Map.of("x-cloud-trace-context", TRACE + "/1234567890123"));
        assertThat(bare.getTraceId()).isEqualTo(TRACE);
        assertThat(bare.isSampled()).isFalse();
    }

    @Test
    void traceparentWinsWhenBothCome() {
        SpanContext parent = parent(Map.of("traceparent", "00-" + OTHER_TRACE + "-00f067aa0ba902b7-01",
                "x-cloud-trace-context", TRACE + "/1234567890123;o=1"));
        assertThat(parent.getTraceId()).isEqualTo(OTHER_TRACE);
        assertThat(parent.getSpanId()).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void malformedHeadersAreIgnored() {
        assertThat(parent(Map.of("x-cloud-trace-context", "not-a-trace/12;o=1")).isValid()).isFalse();
        assertThat(parent(Map.of("x-cloud-trace-context", TRACE + "/0;o=1")).isValid()).isFalse();
        assertThat(parent(Map.of("x-cloud-trace-context", TRACE + ";o=1")).isValid()).isFalse();
    }

    @Test
    void outgoingCallsCarryW3cOnly() {
        Context context = propagator.extract(Context.root(),
                Map.of("x-cloud-trace-context", TRACE + "/1234567890123;o=1"), HEADERS);
        Map<String, String> out = new HashMap<>();
        propagator.inject(context, out, Map::put);
        assertThat(out).containsOnlyKeys("traceparent");
        assertThat(out.get("traceparent")).contains(TRACE);
    }
}
