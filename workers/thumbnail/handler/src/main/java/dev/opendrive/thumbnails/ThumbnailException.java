package dev.opendrive.thumbnails;

/**
 * The renderer's verdict on an input that no retry can fix. The handler maps
 * {@link Reason#DECOMPRESSION_BOMB} and {@link Reason#CORRUPT} to an
 * {@link dev.opendrive.model.events.UnprocessableEventException} (dead-lettered at once) and
 * {@link Reason#UNSUPPORTED_FORMAT} to a logged skip.
 */
public class ThumbnailException extends Exception {

    public enum Reason {
        /** The header declares more pixels than the configured cap: rejected before decoding. */
        DECOMPRESSION_BOMB("decompression-bomb"),
        /** Not decodable: truncated beyond use, malformed headers, not an image at all. */
        CORRUPT("corrupt"),
        /** A real image in a format without a decoder here (HEIC/HEIF/AVIF). */
        UNSUPPORTED_FORMAT("unsupported-format");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The value logged as reason=... */
        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public ThumbnailException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ThumbnailException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
