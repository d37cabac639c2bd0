package dev.opendrive.api.uploads;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Resumable (tus) uploads under /api/uploads. */
@ConfigMapping(prefix = "opendrive.tus")
public interface TusConfig {

    /**
     * TUS_EXPIRY: how long an unfinished upload is kept after its last PATCH (or its creation); then
     * it answers 410 and its bytes are removed. Announced to clients as Upload-Expires.
     */
    @WithDefault("24h")
    Duration expiry();

    /** How often abandoned uploads are looked for, once this process served a resumable upload. */
    @WithName("sweep-interval")
    @WithDefault("1h")
    Duration sweepInterval();

    /**
     * Pieces (PATCH requests that each added bytes) one upload may be sent in. Each is one blob until
     * the upload completes and one entry of the upload's record, so this bounds both; the default
     * lets a file of MAX_FILE_SIZE arrive in pieces of 1/10,000 of it.
     */
    @WithName("max-chunks")
    @WithDefault("10000")
    int maxChunks();

    /**
     * How long the request that delivered an upload's last bytes holds it while it turns the pieces
     * into the file (every other PATCH gets 423); a process that died meanwhile frees it after this.
     */
    @WithName("completion-lease")
    @WithDefault("10m")
    Duration completionLease();
}
