package dev.opendrive.api.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** ISO-8601 UTC with milliseconds, as the old service's JSON had them: 2026-01-13T12:08:14.123Z. */
public final class Dates {

    private Dates() {
    }

    /**
     * Written digit by digit rather than with a DateTimeFormatter: a folder listing formats three
     * dates per file, and the formatter's parsing-capable printer chain was 5-8 % of the listing's
     * CPU in a JFR profile (docs/benchmarks.md). Years outside 0000-9999 fall back to Instant's own
     * ISO form, which no stored date reaches.
     */
    public static String iso(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return Instant.ofEpochMilli(instant.toEpochMilli()).toString();
        }
        char[] c = new char[24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, instant.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Now, at the millisecond precision the database keeps, so equality checks on it hold. */
    public static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }
}
