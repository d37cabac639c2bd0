package dev.opendrive.api.files;

import java.util.Optional;

/** One byte range of a Range header (RFC 9110), resolved against the representation's length. */
public record ByteRange(long start, long end) {

    public long length() {
        return end - start + 1;
    }

    /** Thrown for a syntactically valid range that selects nothing: answered with 416. */
    public static final class Unsatisfiable extends RuntimeException {
        public Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    /**
     * Empty when the header is absent, malformed or asks for several ranges (then the whole
     * representation is sent, as RFC 9110 allows).
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        try {
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return Optional.empty();
                }
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (start < 0 || end < start) {
                return Optional.empty();
            }
            if (start >= size) {
                throw new Unsatisfiable();
            }
            return Optional.of(new ByteRange(start, Math.min(end, size - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
