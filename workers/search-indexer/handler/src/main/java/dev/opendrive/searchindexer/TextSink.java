package dev.opendrive.searchindexer;

/**
 * Collects extracted text up to a cap of characters, collapsing runs of white space into one space.
 * Extractors stop reading once it is {@link #full()}: the text read so far is what gets indexed.
 */
final class TextSink {

    private final StringBuilder text;
    private final int maxChars;
    private boolean pendingSpace;
    private boolean truncated;

    TextSink(int maxChars) {
        this.maxChars = maxChars;
        this.text = new StringBuilder(Math.min(maxChars, 8192));
    }

    void append(char c) {
        if (truncated) {
            return;
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0) {
            pendingSpace = text.length() > 0;
            return;
        }
        int needed = pendingSpace ? 2 : 1;
        if (text.length() + needed > maxChars) {
            truncated = true;
            return;
        }
        if (pendingSpace) {
            text.append(' ');
            pendingSpace = false;
        }
        text.append(c);
    }

    void append(CharSequence s) {
        for (int i = 0; i < s.length() && !truncated; i++) {
            append(s.charAt(i));
        }
    }

    /** A word boundary (a block tag, a page break) without adding a character yet. */
    void space() {
        pendingSpace = text.length() > 0;
    }

    /** The cap was reached: anything appended from now on is dropped. */
    boolean full() {
        return truncated;
    }

    /** Marks the text as cut short for another reason (a scan budget) than the character cap. */
    void truncate() {
        truncated = true;
    }

    boolean truncated() {
        return truncated;
    }

    int maxChars() {
        return maxChars;
    }

    int length() {
        return text.length();
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
