package dev.opendrive.platform.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The runtime on/off switch for exporting spans. Quarkus fixes the exporter and the sampler type at
 * build time and falls back to localhost:4317 when no endpoint is set, so "off" is a sampler that
 * records nothing: the exporter then has nothing to send and never opens a connection. Quarkus uses
 * a Sampler bean in place of quarkus.otel.traces.sampler.
 */
@ApplicationScoped
public class TracingSampler {

    @Produces
    @Singleton
    @Unremovable
    Sampler sampler(TracingConfig config) {
        if (!config.enabled()) {
            return Sampler.alwaysOff();
        }
        return Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio()));
    }
}
