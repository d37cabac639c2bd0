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

    /**
     * (added) How long a verified HTTP Basic login (WebDAV) is remembered in memory before its
     * password is checked again; revoking an app password forgets it at once.
     */
    @WithName("basic-cache-ttl")
    @WithDefault("60s")
    Duration basicCacheTtl();

    /** (added) App passwords one account may have. */
    @WithName("max-app-passwords")
    @WithDefault("50")
    int maxAppPasswords();

    /** Failed logins per account and address (LOGIN_MAX_FAILURES in LOGIN_FAILURE_WINDOW) before 429. */
    Login login();

    /** Registrations per address (REGISTER_MAX_PER_IP in REGISTER_WINDOW) before 429. */
    Register register();

    interface RateLimit {
        int maxAttempts();

        Duration window();
    }

    interface Login extends RateLimit {
        @Override
        @WithName("max-attempts")
        @WithDefault("10")
        int maxAttempts();

        @Override
        @WithDefault("15m")
        Duration window();
    }

    interface Register extends RateLimit {
        @Override
        @WithName("max-attempts")
        @WithDefault("30")
        int maxAttempts();

        @Override
        @WithDefault("1h")
        Duration window();
    }
}
