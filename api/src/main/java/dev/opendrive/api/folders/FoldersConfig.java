package dev.opendrive.api.folders;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** (added) Folder listings (environment: LISTING_CACHE_MB). */
@ConfigMapping(prefix = "opendrive.folders")
public interface FoldersConfig {

    /**
     * Memory for folder listings kept as sent, in MiB, while the process serves its embedded
     * database (see {@link FolderListings}); 0 turns it off. Not used with MONGODB_URI.
     */
    @WithName("listing-cache-mb")
    @WithDefault("8")
    int listingCacheMb();
}
