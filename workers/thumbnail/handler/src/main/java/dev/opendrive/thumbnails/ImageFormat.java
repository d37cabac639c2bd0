package dev.opendrive.thumbnails;

/**
 * Image formats told apart by their first bytes (the upload's claimed type is never trusted, and
 * the event's sniffed type is checked again against the bytes actually read).
 */
public enum ImageFormat {
    JPEG("jpeg", true),
    PNG("png", true),
    GIF("gif", true),
    BMP("bmp", true),
    WEBP("webp", true),
    TIFF("tiff", true),
    /** HEIC/HEIF/AVIF: recognised so they are skipped with a clear reason; no pure-Java decoder. */
    HEIF("heif", false),
    UNKNOWN("unknown", false);

    /** Number of leading bytes {@link #sniff} looks at. */
    public static final int SNIFF_BYTES = 16;

    private final String imageIoName;
    private final boolean supported;

    ImageFormat(String imageIoName, boolean supported) {
        this.imageIoName = imageIoName;
        this.supported = supported;
    }

    /** The ImageIO format name used to look readers up. */
    public String imageIoName() {
        return imageIoName;
    }

    public boolean supported() {
        return supported;
    }

    public static ImageFormat sniff(byte[] b, int n) {
        if (n >= 3 && u(b[0]) == 0xFF && u(b[1]) == 0xD8 && u(b[2]) == 0xFF) {
            return JPEG;
        }
        if (n >= 8 && u(b[0]) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D && b[5] == 0x0A
                && b[6] == 0x1A && b[7] == 0x0A) {
            return PNG;
        }
        if (n >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9')
                && b[5] == 'a') {
            return GIF;
        }
        if (n >= 14 && b[0] == 'B' && b[1] == 'M') {
            return BMP;
        }
        if (n >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return WEBP;
        }
        if (n >= 4 && ((b[0] == 'I' && b[1] == 'I' && (b[2] == 42 || b[2] == 43) && b[3] == 0)
                || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 42 || b[3] == 43)))) {
            return TIFF;
        }
        if (n >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            String brand = new String(b, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            switch (brand) {
                case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis":
                    return HEIF;
                default:
                    return UNKNOWN;
            }
        }
        return UNKNOWN;
    }

    private static int u(byte b) {
        return b & 0xFF;
    }
}
