package dev.opendrive.model.db;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "opendrive.mongodb")
public interface DatabaseConfig {

    /** MONGODB_URI; absent in the monolith means the embedded database. */
    Optional<String> uri();

    /** MONGODB_URI when it names a database; absent or blank: the monolith's embedded one. */
    default Optional<String> externalUri() {
        return uri().filter(uri -> !uri.isBlank());
    }

    @WithName("server-selection-timeout")
    @WithDefault("5s")
    Duration serverSelectionTimeout();

    @WithName("connect-timeout")
    @WithDefault("5s")
    Duration connectTimeout();

    @WithName("max-pool-size")
    @WithDefault("10")
    int maxPoolSize();

    /** EMBEDDED_DB_CACHE_MB: page cache of the embedded database (its heap share, whatever the data size). */
    @WithName("embedded-cache-mb")
    @WithDefault("32")
    int embeddedCacheMb();
}
