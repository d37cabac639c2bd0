package dev.opendrive.api.usage;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many bytes a user may keep (live files and the trash together), or no limit. Stored in the
 * usage document as a number, -1 for an explicit "unlimited".
 */
public record Quota(long bytes) {

    public static final Quota UNLIMITED = new Quota(-1);

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?");
    private static final String[] UNITS = { "B", "KB", "MB", "GB", "TB" };

    public Quota {
        if (bytes < -1) {
            throw new IllegalArgumentException("a quota is a number of bytes >= 0, or unlimited");
        }
    }

    public static Quota of(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a quota is a number of bytes >= 0, or unlimited");
        }
        return new Quota(bytes);
    }

    public boolean unlimited() {
        return bytes < 0;
    }

    /** The limit as clients see it: bytes, or null for no limit. */
    public Long limit() {
        return unlimited() ? null : bytes;
    }

    /** What is left of this quota when {@code charged} bytes count toward it (Long.MAX_VALUE: no limit). */
    public long free(long charged) {
        return unlimited() ? Long.MAX_VALUE : Math.max(0, bytes - charged);
    }

    /**
     * DEFAULT_QUOTA's syntax: a number of bytes ({@code 1073741824}) or a size with a unit, binary
     * multiples whichever way the unit is written ({@code 10GB} = {@code 10G} = {@code 10GiB} = 10 x
     * 1024^3; K, M, G, T; decimals allowed: {@code 1.5G}); {@code unlimited}, {@code none}, {@code 0}
     * or empty for no limit. Binary like MAX_BODY_SIZE's {@code 1034M} and like Nextcloud's quotas.
     * A default of 0 bytes would lock every account out of uploading, which is never what an
     * operator setting 0 means; a single account can still be given 0 through the admin route.
     */
    public static Quota parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("unlimited") || t.equals("none")) {
            return UNLIMITED;
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches() || (m.group(2).isEmpty() && "ib".equals(m.group(3)))) {
            throw new IllegalArgumentException("'" + text + "' is not a size: use bytes (1073741824), a size such as "
                    + "500MB, 10GB or 1.5TB, or 'unlimited'");
        }
        int power = " kmgt".indexOf(m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        long whole = bytes.longValue();
        return whole == 0 ? UNLIMITED : of(whole);
    }

    /** For messages: 1536 -> "1.5 KB", as the web UI shows sizes (binary multiples). */
    public static String human(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 || value >= 100 ? String.format(Locale.ROOT, "%.0f %s", value, UNITS[unit])
                : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : human(bytes);
    }

    /** Reads DEFAULT_QUOTA (opendrive.quota.default); a value it cannot read stops the start-up. */
    public static final class Converter implements org.eclipse.microprofile.config.spi.Converter<Quota> {

        private static final long serialVersionUID = 1L;

        @Override
        public Quota convert(String value) {
            return parse(value);
        }
    }
}
