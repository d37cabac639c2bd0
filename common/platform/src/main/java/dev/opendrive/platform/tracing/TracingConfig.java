package dev.opendrive.platform.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Whether spans are recorded and exported (TRACING_ENABLED, OTLP_ENDPOINT). Off, every span is
 * still created with its trace and span ids (log correlation, propagation to the workers) but none
 * is sampled, so the exporter never sends anything.
 */
@ConfigMapping(prefix = "opendrive.tracing")
public interface TracingConfig {

    @WithDefault("false")
    boolean enabled();

    /** Share of new traces recorded when enabled; a sampled parent (traceparent ...-01) is always followed. */
    @WithName("sample-ratio")
    @WithDefault("1.0")
    double sampleRatio();
}
