// BENCH-ONLY COPY, not production code: main's hand-written ImageHeaders at commit 99332f5
// (before the thumbs branch), renamed into this package so that bench/thumbnails/run.sh can run the
// old and the new renderer side by side in the same run.
package dev.opendrive.thumbnails.legacy;

import dev.opendrive.thumbnails.ImageFormat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * What the thumbnailer needs from an image's headers before decoding it: the EXIF orientation
 * (JPEG APP1, TIFF IFD0, WebP "EXIF" chunk, PNG "eXIf" chunk) and whether the decoder has to hold
 * the whole frame in memory whatever the subsampling (progressive JPEG: libjpeg keeps every DCT
 * coefficient; lossless WebP: backward references over the full image). Parsing is defensive:
 * anything malformed yields the defaults and the decoder then gives the real verdict on the file.
 */
public record LegacyImageHeaders(int orientation, boolean fullFrameDecode) {

    static final LegacyImageHeaders DEFAULT = new LegacyImageHeaders(1, false);

    private static final int MAX_EXIF_BYTES = 1 << 20;
    private static final int TAG_ORIENTATION = 0x0112;

    /** Reads the headers; leaves the stream at position 0 in big-endian order. */
    public static LegacyImageHeaders read(ImageInputStream in, ImageFormat format) throws IOException {
        ByteOrder order = in.getByteOrder();
        try {
            in.seek(0);
            return switch (format) {
                case JPEG -> jpeg(in);
                case TIFF -> new LegacyImageHeaders(tiffOrientation(in, 0), false);
                case WEBP -> webp(in);
                case PNG -> new LegacyImageHeaders(pngOrientation(in), false);
                default -> DEFAULT;
            };
        } catch (EOFException | RuntimeException e) {
            return DEFAULT;
        } finally {
            in.setByteOrder(order);
            in.seek(0);
        }
    }

    private static LegacyImageHeaders jpeg(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        if (in.readUnsignedShort() != 0xFFD8) {
            return DEFAULT;
        }
        int orientation = 1;
        boolean progressive = false;
        for (int segments = 0; segments < 1000; segments++) {
            int b = in.read();
            if (b != 0xFF) {
                break;
            }
            int marker;
            do {
                marker = in.read();
            } while (marker == 0xFF);
            if (marker < 0 || marker == 0xDA || marker == 0xD9) {
                break; // start of scan: everything we need comes before it
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
                continue; // markers without a length
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                break;
            }
            long next = in.getStreamPosition() + length - 2;
            if (marker == 0xE1 && orientation == 1 && length >= 16) {
                byte[] app1 = new byte[length - 2];
                in.readFully(app1);
                if (startsWith(app1, "Exif\0\0")) {
                    orientation = tiffOrientation(app1, 6);
                }
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
            }
            in.seek(next);
        }
        return new LegacyImageHeaders(orientation, progressive);
    }

    private static LegacyImageHeaders webp(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        in.seek(12);
        boolean lossless = false;
        int orientation = 1;
        for (int chunks = 0; chunks < 64; chunks++) {
            byte[] fourcc = new byte[4];
            if (in.read(fourcc) < 4) {
                break;
            }
            long size = in.readUnsignedInt();
            String type = new String(fourcc, StandardCharsets.ISO_8859_1);
            if ("EXIF".equals(type)) {
                orientation = exifBlockOrientation(in, size);
                break;
            }
            if ("VP8L".equals(type)) {
                lossless = true;
            }
            if (chunks == 0 && ("VP8 ".equals(type) || "VP8L".equals(type))) {
                break; // simple format: no VP8X header, so no EXIF chunk
            }
            in.seek(in.getStreamPosition() + size + (size & 1));
        }
        return new LegacyImageHeaders(orientation, lossless);
    }

    private static int pngOrientation(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.seek(8);
        for (int chunks = 0; chunks < 1000; chunks++) {
            long length = in.readUnsignedInt();
            byte[] type = new byte[4];
            in.readFully(type);
            String name = new String(type, StandardCharsets.ISO_8859_1);
            if ("eXIf".equals(name)) {
                return exifBlockOrientation(in, length);
            }
            if ("IDAT".equals(name) || "IEND".equals(name)) {
                return 1; // eXIf must precede the image data
            }
            in.seek(in.getStreamPosition() + length + 4);
        }
        return 1;
    }

    /** An EXIF block (a TIFF structure, sometimes preceded by "Exif\0\0") of the given size. */
    private static int exifBlockOrientation(ImageInputStream in, long size) throws IOException {
        if (size < 8 || size > MAX_EXIF_BYTES) {
            return 1;
        }
        byte[] block = new byte[(int) size];
        in.readFully(block);
        return tiffOrientation(block, startsWith(block, "Exif\0\0") ? 6 : 0);
    }

    private static int tiffOrientation(byte[] bytes, int offset) throws IOException {
        try (ImageInputStream tiff = new MemoryCacheImageInputStream(
                new ByteArrayInputStream(bytes, offset, bytes.length - offset))) {
            return tiffOrientation(tiff, 0);
        }
    }

    /** Orientation tag of IFD0 of a classic TIFF structure starting at base; 1 when absent. */
    static int tiffOrientation(ImageInputStream in, long base) throws IOException {
        in.seek(base);
        int byteOrder = in.readUnsignedShort();
        if (byteOrder == 0x4949) {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        } else if (byteOrder == 0x4D4D) {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
        } else {
            return 1;
        }
        if (in.readUnsignedShort() != 42) {
            return 1; // BigTIFF or not TIFF
        }
        long ifd = in.readUnsignedInt();
        if (ifd < 8) {
            return 1;
        }
        in.seek(base + ifd);
        int entries = in.readUnsignedShort();
        if (entries > 4096) {
            return 1;
        }
        for (int i = 0; i < entries; i++) {
            int tag = in.readUnsignedShort();
            int type = in.readUnsignedShort();
            in.readUnsignedInt(); // count
            if (tag == TAG_ORIENTATION) {
                int value = switch (type) {
                    case 3 -> in.readUnsignedShort(); // SHORT
                    case 4 -> (int) Math.min(in.readUnsignedInt(), 9); // LONG, tolerated
                    default -> 1;
                };
                return value >= 1 && value <= 8 ? value : 1;
            }
            in.skipBytes(4);
        }
        return 1;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        if (bytes.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
