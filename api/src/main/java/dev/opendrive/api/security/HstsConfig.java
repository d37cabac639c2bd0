package dev.opendrive.api.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "opendrive.hsts")
public interface HstsConfig {

    /** HSTS_MAX_AGE in seconds (default one year); 0 sends no Strict-Transport-Security header. */
    @WithDefault("31536000")
    long maxAge();
}
