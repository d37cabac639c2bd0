package dev.opendrive.api.zip;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import dev.opendrive.api.items.Names;

/**
 * The names inside one directory of an archive. Each stored name becomes one path segment that
 * cannot climb out of its directory, start at a root or drive, or hide characters; names that would
 * land on the same file on a case-insensitive disk get the drive's own "name (1).ext" suffixes.
 */
final class ZipNames {

    /** A ZIP entry name is at most this many bytes of UTF-8 (a 16-bit length field). */
    static final int MAX_PATH_BYTES = 0xFFFF;

    private final Set<String> taken = new HashSet<>();

    /** A safe, unused name for this directory, and marks it used. */
    String claim(String stored) {
        String name = Names.available(segment(stored), taken::contains);
        taken.add(Names.key(name));
        return name;
    }

    /**
     * One path segment from a stored name: documents of the old service may hold any name, so
     * separators become "_", control and bidirectional characters go, "." and ".." and blank names
     * become "unnamed", and a leading drive letter ("C:") loses its colon.
     */
    static String segment(String stored) {
        // separators kept as "_" (an upload's name drops what comes before them), the rest as for uploads
        String name = Names.fromUpload(stored == null ? null : stored.replace('/', '_').replace('\\', '_'));
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            name = name.charAt(0) + "_" + name.substring(2);
        }
        return name;
    }

    static boolean fits(String path) {
        return path.length() <= MAX_PATH_BYTES / 3 || path.getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }
}
