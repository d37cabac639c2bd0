package dev.opendrive.api.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "opendrive.auth")
public interface AuthConfig {

    /** JWT_SECRET; without it the monolith generates one in the data directory (see JwtSecret). */
    @WithName("jwt-secret")
    java.util.Optional<String> jwtSecret();

    @WithName("token-lifetime")
    @WithDefault("P7D")
    Duration tokenLifetime();

    @WithDefault("opendrive")
    String issuer();

    @WithName("bcrypt-cost")
    @WithDefault("12")
    int bcryptCost();

    @WithName("password-min-length")
    @WithDefault("8")
    int passwordMinLength();

    RateLimit login();

    RateLimit register();

    interface RateLimit {
        @WithName("max-attempts")
        int maxAttempts();

        Duration window();
    }
}
