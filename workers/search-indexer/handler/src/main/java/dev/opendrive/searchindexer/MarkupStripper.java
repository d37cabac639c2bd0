package dev.opendrive.searchindexer;

import java.io.IOException;
import java.io.Reader;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A lenient, streaming tag stripper for HTML, XML and the XML inside Office documents: it keeps
 * the text, drops tags, comments, declarations and processing instructions, keeps CDATA text,
 * decodes character references, and in HTML drops the content of script and style elements.
 * It never builds a tree, so memory stays flat whatever the input size, and malformed markup
 * only costs precision. Tags that end a block of text (a paragraph, a table cell; every tag in
 * plain XML) become a word break, inline tags ({@code <b>}, Office text runs) do not, so
 * {@code He<b>llo</b>} stays one word.
 */
final class MarkupStripper {

    enum Mode {
        /** Block-level tags break words; script and style content is dropped. */
        HTML,
        /** Every tag breaks words (data-oriented XML: {@code <a>x</a><b>y</b>}). */
        XML,
        /** Office Open XML and OpenDocument: paragraphs, cells, tabs and breaks separate words; runs do not. */
        OFFICE
    }

    private static final Set<String> HTML_BLOCKS = Set.of("address", "article", "aside", "blockquote", "body",
            "br", "caption", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
            "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "img", "input",
            "legend", "li", "main", "meta", "nav", "ol", "optgroup", "option", "p", "pre", "section", "select",
            "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "ul", "wbr");
    private static final Set<String> HTML_RAW_TEXT = Set.of("script", "style");
    private static final Set<String> OFFICE_BREAKS = Set.of(
            // Word (w:), DrawingML in PowerPoint (a:), Excel shared strings (si)
            "w:p", "w:br", "w:tab", "w:cr", "w:tc", "a:p", "a:br", "a:tab", "si", "p:sp",
            // OpenDocument
            "text:p", "text:h", "text:tab", "text:s", "text:line-break", "text:list-item", "table:table-cell",
            "draw:frame");

    private static final Map<String, String> NAMED = Map.ofEntries(Map.entry("amp", "&"), Map.entry("lt", "<"),
            Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
            Map.entry("ensp", " "), Map.entry("emsp", " "), Map.entry("thinsp", " "), Map.entry("shy", ""),
            Map.entry("zwnj", ""), Map.entry("zwj", ""), Map.entry("ndash", "–"), Map.entry("mdash", "—"),
            Map.entry("hellip", "…"), Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"),
            Map.entry("rdquo", "”"), Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("copy", "©"),
            Map.entry("reg", "®"), Map.entry("trade", "™"), Map.entry("euro", "€"), Map.entry("pound", "£"),
            Map.entry("yen", "¥"), Map.entry("cent", "¢"), Map.entry("sect", "§"), Map.entry("deg", "°"),
            Map.entry("middot", "·"), Map.entry("bull", "•"), Map.entry("times", "×"), Map.entry("divide", "÷"),
            Map.entry("szlig", "ß"), Map.entry("aelig", "æ"), Map.entry("AElig", "Æ"), Map.entry("oelig", "œ"),
            Map.entry("OElig", "Œ"), Map.entry("oslash", "ø"), Map.entry("Oslash", "Ø"), Map.entry("eth", "ð"),
            Map.entry("ETH", "Ð"), Map.entry("thorn", "þ"), Map.entry("THORN", "Þ"), Map.entry("iexcl", "¡"),
            Map.entry("iquest", "¿"));
    /** Accented letters by entity suffix ("eacute" = e + U+0301), composed with NFC. */
    private static final Map<String, Character> ACCENTS = Map.of("acute", '\u0301', "grave", '\u0300', "circ",
            '\u0302', "tilde", '\u0303', "uml", '\u0308', "ring", '\u030A', "cedil", '\u0327', "caron", '\u030C');

    private final Reader in;
    private final TextSink out;
    private final Mode mode;
    private final long scanBudget;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long scanned;
    private int pushed = -1;

    /**
     * @param scanBudget characters of markup to read at most (a bound on the work for documents
     *        that are nearly all tags); reaching it marks the text truncated
     */
    MarkupStripper(Reader in, TextSink out, Mode mode, long scanBudget) {
        this.in = in;
        this.out = out;
        this.mode = mode;
        this.scanBudget = scanBudget;
    }

    void run() throws IOException {
        int c;
        while (!out.full() && (c = read()) >= 0) {
            if (c == '<') {
                markup();
            } else if (c == '&') {
                reference();
            } else {
                out.append((char) c);
            }
        }
        if (scanned >= scanBudget && !out.full()) {
            out.truncate();
        }
    }

    private int read() throws IOException {
        if (pushed >= 0) {
            int c = pushed;
            pushed = -1;
            return c;
        }
        if (scanned >= scanBudget) {
            return -1;
        }
        if (position == limit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return -1;
            }
            position = 0;
            limit = n;
        }
        scanned++;
        return buffer[position++];
    }

    private void unread(int c) {
        pushed = c;
    }

    /** After '<'. */
    private void markup() throws IOException {
        int c = read();
        if (c == '!') {
            int d = read();
            if (d == '-') {
                int e = read();
                if (e == '-') {
                    skipPast("-->");
                } else {
                    skipTagRest(e);
                }
            } else if (d == '[') {
                if (matches("CDATA[")) {
                    cdata();
                } else {
                    skipPast(">");
                }
            } else {
                skipTagRest(d);
            }
        } else if (c == '?') {
            skipPast("?>");
        } else if (c == '/' || isNameStart(c)) {
            boolean closing = c == '/';
            StringBuilder name = new StringBuilder();
            int d = closing ? read() : c;
            while (d >= 0 && isNameChar(d) && name.length() < 64) {
                name.append((char) d);
                d = read();
            }
            boolean selfClosing = skipTagRest(d);
            String tag = mode == Mode.OFFICE ? name.toString() : name.toString().toLowerCase(Locale.ROOT);
            if (breaks(tag)) {
                out.space();
            }
            if (mode == Mode.HTML && !closing && !selfClosing && HTML_RAW_TEXT.contains(tag)) {
                skipRawText(tag);
            }
        } else {
            // "a < b": not markup
            out.append('<');
            if (c >= 0) {
                unread(c);
            }
        }
    }

    private boolean breaks(String tag) {
        return switch (mode) {
            case XML -> true;
            case HTML -> HTML_BLOCKS.contains(tag);
            case OFFICE -> OFFICE_BREAKS.contains(tag);
        };
    }

    /** Skips attributes up to the closing '>' (quotes respected); true for "/>". */
    private boolean skipTagRest(int c) throws IOException {
        int quote = 0;
        int previous = 0;
        while (c >= 0) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return previous == '/';
            }
            previous = c;
            c = read();
        }
        return false;
    }

    private void skipPast(String end) throws IOException {
        int matched = 0;
        int c;
        while ((c = read()) >= 0) {
            if (c == end.charAt(matched)) {
                if (++matched == end.length()) {
                    return;
                }
            } else {
                matched = c == end.charAt(0) ? 1 : 0;
            }
        }
    }

    private boolean matches(String expected) throws IOException {
        for (int i = 0; i < expected.length(); i++) {
            int c = read();
            if (c != expected.charAt(i)) {
                if (c >= 0) {
                    unread(c);
                }
                return false;
            }
        }
        return true;
    }

    private void cdata() throws IOException {
        // "]]>" ends the section; anything else is text
        int brackets = 0;
        int c;
        while (!out.full() && (c = read()) >= 0) {
            if (c == ']') {
                brackets++;
                continue;
            }
            if (c == '>' && brackets >= 2) {
                for (int i = 0; i < brackets - 2; i++) {
                    out.append(']');
                }
                out.space();
                return;
            }
            for (int i = 0; i < brackets; i++) {
                out.append(']');
            }
            brackets = 0;
            out.append((char) c);
        }
    }

    /** Drops everything up to the matching end tag ("</script", case-insensitive). */
    private void skipRawText(String tag) throws IOException {
        String end = "</" + tag;
        int matched = 0;
        int c;
        while ((c = read()) >= 0) {
            if (Character.toLowerCase(c) == end.charAt(matched)) {
                if (++matched == end.length()) {
                    skipTagRest(read());
                    return;
                }
            } else {
                matched = c == '<' ? 1 : 0;
            }
        }
    }

    /** After '&': a character reference, or a literal ampersand. */
    private void reference() throws IOException {
        StringBuilder name = new StringBuilder(12);
        int c = read();
        while (c >= 0 && name.length() < 32 && (Character.isLetterOrDigit(c) || c == '#' && name.length() == 0)) {
            name.append((char) c);
            c = read();
        }
        if (c == ';') {
            String decoded = decode(name.toString());
            if (decoded != null) {
                out.append(decoded);
                return;
            }
            out.append('&');
            out.append(name);
            out.append(';');
            return;
        }
        out.append('&');
        out.append(name);
        if (c >= 0) {
            unread(c);
        }
    }

    static String decode(String name) {
        if (name.startsWith("#")) {
            try {
                int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : " ";
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String known = NAMED.get(name);
        if (known != null) {
            return known;
        }
        if (name.length() > 1) {
            Character mark = ACCENTS.get(name.substring(1));
            if (mark != null && Character.isLetter(name.charAt(0))) {
                return Normalizer.normalize(name.charAt(0) + String.valueOf(mark), Normalizer.Form.NFC);
            }
        }
        return null;
    }

    private static boolean isNameStart(int c) {
        return c >= 0 && (Character.isLetter(c) || c == '_' || c == ':');
    }

    private static boolean isNameChar(int c) {
        return Character.isLetterOrDigit(c) || c == ':' || c == '-' || c == '_' || c == '.';
    }
}
