package dev.opendrive.api.sharing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Password-protected share links (environment: OPENDRIVE_SHARES_UNLOCK_MAX_ATTEMPTS, ...). */
@ConfigMapping(prefix = "opendrive.shares")
public interface SharesConfig {

    Unlock unlock();

    interface Unlock {
        /** Wrong passwords per share and client address within {@link #window()} before 429. */
        @WithName("max-attempts")
        @WithDefault("10")
        int maxAttempts();

        @WithDefault("15m")
        Duration window();

        /**
         * How long the token from a right password opens the share. Short, because it travels in
         * download URLs (a plain link cannot send a header) and so may end up in a browser history.
         */
        @WithName("token-lifetime")
        @WithDefault("1h")
        Duration tokenLifetime();
    }
}
