package dev.opendrive.platform.logging;

import java.util.Optional;
import java.util.function.Function;

import org.eclipse.microprofile.config.Config;

/**
 * When and how the console switches to Cloud Logging JSON: on Cloud Run (K_SERVICE is set there)
 * or when LOG_FORMAT=json. Read through MicroProfile Config so a test profile can switch it too.
 */
public record CloudLoggingSettings(boolean json, String projectId, String service, String revision) {

    public static CloudLoggingSettings from(Config config) {
        return from(name -> config.getOptionalValue(name, String.class));
    }

    static CloudLoggingSettings from(Function<String, Optional<String>> lookup) {
        Optional<String> kService = nonBlank(lookup.apply("K_SERVICE"));
        boolean json = kService.isPresent()
                || nonBlank(lookup.apply("LOG_FORMAT")).map("json"::equalsIgnoreCase).orElse(false);
        String project = nonBlank(lookup.apply("GOOGLE_CLOUD_PROJECT"))
                .or(() -> nonBlank(lookup.apply("GCS_PROJECT_ID"))).orElse(null);
        String service = kService.or(() -> nonBlank(lookup.apply("opendrive.service-name"))).orElse(null);
        return new CloudLoggingSettings(json, project, service, nonBlank(lookup.apply("K_REVISION")).orElse(null));
    }

    public CloudLoggingFormatter formatter() {
        return new CloudLoggingFormatter(projectId, service, revision);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(s -> !s.isEmpty());
    }
}
