package dev.opendrive.api.items;

import java.util.function.Predicate;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.model.search.NameIndex;

/**
 * Rules for display names of files and folders, and the conflict policy: a new or moved item whose
 * name is taken in the target folder becomes "name (1).ext", "name (2).ext", ... (case-insensitive
 * comparison, like the desktop file managers people know). An explicit rename to a taken name is
 * refused with 409 instead, because the user asked for that exact name.
 */
public final class Names {

    public static final int MAX_LENGTH = 255;

    private Names() {
    }

    public static String key(String name) {
        return NameIndex.key(name);
    }

    /** Validates a name the user typed (folder create, rename). */
    public static String validate(String raw, ItemKind kind) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest(ErrorCode.NAME_REQUIRED, kind.nameRequired());
        }
        String name = raw.strip();
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw ApiException.badRequest(ErrorCode.NAME_TOO_LONG, "Name must be at most " + MAX_LENGTH + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw ApiException.badRequest(ErrorCode.INVALID_NAME, "Name cannot be '.' or '..'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || isControl(c)) {
                throw ApiException.badRequest(ErrorCode.INVALID_NAME, "Name cannot contain '/', '\\' or control characters");
            }
        }
        return name;
    }

    /** Makes a safe display name from a client-supplied upload file name; never fails. */
    public static String fromUpload(String raw) {
        String name = raw == null ? "" : raw;
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (cut >= 0) {
            name = name.substring(cut + 1);
        }
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().filter(cp -> !isControl(cp)).forEach(clean::appendCodePoint);
        name = clean.toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "unnamed";
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            name = name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH - ext.length())) + ext;
        }
        return name;
    }

    /**
     * C0/C1 controls, and the Unicode bidirectional controls: "invoice", U+202E, "gpj.exe" makes
     * the name display as "invoiceexe.jpg", hiding what the file is.
     */
    public static boolean isControl(int cp) {
        return Character.isISOControl(cp) || cp == 0x061C || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    /** The first of name, "name (1)", "name (2)", ... whose key is not taken. */
    public static String available(String name, Predicate<String> takenKey) {
        if (!takenKey.test(key(name))) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; i < 10_000; i++) {
            String candidate = base + " (" + i + ")" + ext;
            if (!takenKey.test(key(candidate))) {
                return candidate;
            }
        }
        throw ApiException.conflict(ErrorCode.NAME_CONFLICT, "Too many items named '" + name + "'");
    }
}
