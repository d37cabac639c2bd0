package dev.opendrive.searchindexer;

/**
 * The text read from a file: at most the configured cap ({@code truncated} tells whether there was
 * more), or the reason nothing was read ({@code skipped}).
 */
public record Extraction(String text, boolean truncated, String skipped) {

    public static Extraction skipped(String reason) {
        return new Extraction("", false, reason);
    }

    static Extraction of(TextSink sink) {
        return new Extraction(sink.toString(), sink.truncated(), null);
    }

    public boolean isSkipped() {
        return skipped != null;
    }
}
