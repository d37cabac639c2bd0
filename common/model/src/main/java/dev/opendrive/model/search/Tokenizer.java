package dev.opendrive.model.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one tokenizer of the search index, used to index names and content and to read queries, so
 * both sides always agree on what a word is.
 * <ul>
 * <li>A word is a run of letters and digits; everything else separates words.</li>
 * <li>Words are accent-folded ("Été" -> "ete", "straße" -> "strasse") and lower-cased.</li>
 * <li>When indexing, a word is kept whole and also split at camelCase and letter/digit boundaries:
 * "reportFinal2024" gives "reportfinal2024", "report", "final", "2024"; "user1" gives "user1",
 * "user" and "1".</li>
 * <li>Queries keep words whole: the index already holds the whole word and its parts.</li>
 * <li>Single letters are dropped (they would match nearly everything); single digits are kept.
 * Words longer than {@link #MAX_TOKEN_LENGTH} characters (hashes, base64) are dropped.</li>
 * </ul>
 */
public final class Tokenizer {

    /** Bump when the rules change: entries indexed with an older version are re-extracted. */
    public static final int VERSION = 1;
    public static final int MAX_TOKEN_LENGTH = 64;

    private Tokenizer() {
    }

    /** Every index token of the text, in order of appearance, with repeats. */
    public static void indexTokens(CharSequence text, Consumer<String> out) {
        words(text, word -> {
            emit(fold(word), out);
            List<String> parts = split(word);
            if (parts.size() > 1) {
                for (String part : parts) {
                    emit(fold(part), out);
                }
            }
        });
    }

    /** The distinct index tokens of the text, in order of first appearance. */
    public static List<String> indexTokens(CharSequence text) {
        Set<String> tokens = new LinkedHashSet<>();
        indexTokens(text, tokens::add);
        return new ArrayList<>(tokens);
    }

    /** The distinct tokens of a query, in order: whole words, folded. */
    public static List<String> queryTokens(CharSequence query) {
        Set<String> tokens = new LinkedHashSet<>();
        words(query, word -> emit(fold(word), tokens::add));
        return new ArrayList<>(tokens);
    }

    /** Accent folding and lower-casing of one word. */
    public static String fold(String word) {
        boolean plain = true;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 0x80 || c >= 'A' && c <= 'Z') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return word;
        }
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length();) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK) {
                continue;
            }
            switch (cp) {
                case 'ß', 'ẞ' -> out.append("ss");
                case 'æ', 'Æ' -> out.append("ae");
                case 'œ', 'Œ' -> out.append("oe");
                case 'ø', 'Ø' -> out.append('o');
                case 'đ', 'Đ', 'ð', 'Ð' -> out.append('d');
                case 'ł', 'Ł' -> out.append('l');
                case 'þ', 'Þ' -> out.append("th");
                case 'ı' -> out.append('i');
                default -> out.appendCodePoint(cp);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static void emit(String token, Consumer<String> out) {
        int length = token.length();
        if (length == 0 || length > MAX_TOKEN_LENGTH) {
            return;
        }
        if (length == 1 && !Character.isDigit(token.charAt(0))) {
            return;
        }
        out.accept(token);
    }

    /** Runs of letters and digits (with their combining marks), unchanged. */
    static void words(CharSequence text, Consumer<String> out) {
        int length = text.length();
        int start = -1;
        for (int i = 0; i < length;) {
            int cp = Character.codePointAt(text, i);
            int next = i + Character.charCount(cp);
            boolean wordChar = Character.isLetterOrDigit(cp) || start >= 0 && isMark(cp);
            if (wordChar) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                out.accept(text.subSequence(start, i).toString());
                start = -1;
            }
            i = next;
        }
        if (start >= 0) {
            out.accept(text.subSequence(start, length).toString());
        }
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** Splits a word at lower->Upper, UPPER->Upper+lower ("XMLParser") and letter<->digit boundaries. */
    static List<String> split(String word) {
        List<String> parts = new ArrayList<>(4);
        int start = 0;
        int prev = -1;
        for (int i = 0; i < word.length();) {
            int cp = word.codePointAt(i);
            int len = Character.charCount(cp);
            if (prev >= 0 && !isMark(cp)) {
                boolean boundary = false;
                if (Character.isDigit(prev) != Character.isDigit(cp)) {
                    boundary = true;
                } else if (Character.isLowerCase(prev) && Character.isUpperCase(cp)) {
                    boundary = true;
                } else if (Character.isUpperCase(prev) && Character.isUpperCase(cp) && i + len < word.length()) {
                    int after = word.codePointAt(i + len);
                    boundary = Character.isLowerCase(after);
                }
                if (boundary) {
                    parts.add(word.substring(start, i));
                    start = i;
                }
            }
            if (!isMark(cp)) {
                prev = cp;
            }
            i += len;
        }
        parts.add(word.substring(start));
        return parts;
    }
}
