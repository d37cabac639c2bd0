package dev.opendrive.api.zip;

import java.time.Instant;
import java.util.List;

/**
 * Everything an archive will hold, decided before its first byte is sent (so every refusal is still
 * a JSON error): entry paths in writing order, and what had to be left out.
 *
 * @param fileName the archive's name for Content-Disposition
 * @param entries directories (no storage key) and files, parents before their contents
 * @param skipped paths left out while planning (a path longer than a ZIP entry name can be)
 * @param reportName the top-level name of the report written when something is left out
 */
public record ZipPlan(String fileName, List<Entry> entries, List<String> skipped, String reportName) {

    /** A directory when storageKey is null. */
    public record Entry(String path, String storageKey, String mimeType, long size, Instant modified) {
        boolean directory() {
            return storageKey == null;
        }
    }
}
