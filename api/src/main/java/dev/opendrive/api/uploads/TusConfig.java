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

    /**
     * What the web UI (and any client reading GET /api/config) is told: files larger than this go
     * through resumable uploads, the others in one request.
     */
    @WithName("client-threshold")
    @WithDefault("8388608")
    long clientThreshold();

    /**
     * The size of each PATCH the web UI sends: well under Cloud Run's 32 MiB request cap and any
     * proxy's body limit, small enough that a broken connection costs little to send again.
     */
    @WithName("client-chunk-size")
    @WithDefault("8388608")
    long clientChunkSize();
}
