package dev.opendrive.api.zip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Limits of folder and multi-select ZIP downloads (environment: OPENDRIVE_ZIP_MAX_ENTRIES, ...). */
@ConfigMapping(prefix = "opendrive.zip")
public interface ZipConfig {

    /**
     * Files and folders in one archive. The bytes stream through, but a ZIP's central directory (one
     * record per entry, written at the end) and the list of entries are held until the last byte,
     * about 0.4 KiB per entry: this cap is what bounds a download's memory (50,000: about 20 MiB).
     */
    @WithName("max-entries")
    @WithDefault("50000")
    int maxEntries();

    /** Total size of the files in one archive, in bytes; 0 for no limit (memory does not grow with bytes). */
    @WithName("max-bytes")
    @WithDefault("0")
    long maxBytes();

    /** Ids in one multi-select download request. */
    @WithName("max-selection")
    @WithDefault("1000")
    int maxSelection();
}
