package dev.opendrive.api.files;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** (added) How much history an overwritten file keeps (environment: MAX_VERSIONS, VERSION_RETENTION). */
@ConfigMapping(prefix = "opendrive.versions")
public interface VersionsConfig {

    /**
     * Earlier contents kept per file; past it the oldest go (blob deleted, bytes refunded). 0 keeps
     * none: an overwrite then just replaces the content.
     */
    @WithName("max-versions")
    @WithDefault("10")
    int maxVersions();

    /**
     * How long an earlier content is kept, counted from when it was uploaded ("30d", "12h", ISO-8601
     * "P30D"); zero or negative: no age limit. Expired versions go the next time that file's versions
     * are written or listed.
     */
    @WithName("retention")
    @WithDefault("30d")
    Duration retention();
}
