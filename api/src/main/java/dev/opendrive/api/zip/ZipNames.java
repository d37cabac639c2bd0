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
        String raw = stored == null ? "" : stored;
        StringBuilder clean = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (cp == '/' || cp == '\\') {
                clean.append('_');
            } else if (!Names.isControl(cp)) {
                clean.appendCodePoint(cp);
            }
        });
        String name = clean.toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "unnamed";
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            name = name.charAt(0) + "_" + name.substring(2);
        }
        if (name.codePointCount(0, name.length()) > Names.MAX_LENGTH) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            name = name.substring(0, name.offsetByCodePoints(0, Names.MAX_LENGTH - ext.length())) + ext;
        }
        return name;
    }

    static boolean fits(String path) {
        return path.length() <= MAX_PATH_BYTES / 3 || path.getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }
}
