package dev.opendrive.api.files;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "opendrive.files")
public interface FilesConfig {

    @WithName("max-files-per-upload")
    @WithDefault("10")
    int maxFilesPerUpload();

    /** Sniffed types accepted on upload: exact ("application/pdf"), family ("image/*") or "*&#47;*". */
    @WithName("allowed-types")
    @WithDefault("*/*")
    List<String> allowedTypes();

    /**
     * (added) Owner downloads remembered for the event-loop route ({@link KnownDownloads}) while the
     * process serves its embedded database; 0 turns it off. About 300 bytes each.
     */
    @WithName("download-cache-entries")
    @WithDefault("10000")
    int downloadCacheEntries();

    default boolean allows(String mimeType) {
        for (String allowed : allowedTypes()) {
            String a = allowed.trim().toLowerCase(java.util.Locale.ROOT);
            if (a.equals("*/*") || a.equals("*") || a.equals(mimeType)
                    || (a.endsWith("/*") && mimeType.startsWith(a.substring(0, a.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
