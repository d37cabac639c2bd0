package dev.opendrive.model.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a display name is indexed, for files and folders alike: its key (the case-insensitive
 * identity used for name conflicts within a folder) and its trigrams, which let a substring search
 * ("port" finds "report.pdf") read an index instead of every name of the user.
 */
public final class NameIndex {

    /** Shortest query the trigram index can serve. */
    public static final int GRAM = 3;

    private NameIndex() {
    }

    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The distinct trigrams (of code points) of the lower-cased name, in order of appearance. */
    public static List<String> grams(String name) {
        return trigrams(name);
    }

    /**
     * The grams a name must all have to contain the query; empty for a query shorter than a
     * trigram (the caller then reads the user's names newest first).
     */
    public static List<String> queryGrams(String query) {
        return trigrams(query);
    }

    /** Whether the trigram index can find names that contain the query. */
    public static boolean gramSearchable(String query) {
        return key(query).codePointCount(0, key(query).length()) >= GRAM;
    }

    private static List<String> trigrams(String text) {
        int[] cps = key(text).codePoints().toArray();
        Set<String> grams = new LinkedHashSet<>();
        for (int i = 0; i + GRAM <= cps.length; i++) {
            grams.add(new String(cps, i, GRAM));
        }
        return new ArrayList<>(grams);
    }
}
