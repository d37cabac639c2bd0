package dev.opendrive.thumbnails;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStream;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

/**
 * What the thumbnailer needs from an image's headers before decoding it: the EXIF orientation
 * (JPEG APP1, TIFF IFD0, WebP "EXIF" chunk, PNG "eXIf" chunk) and whether the decoder has to hold
 * the whole frame in memory whatever the subsampling (progressive JPEG: libjpeg keeps every DCT
 * coefficient; lossless WebP: backward references over the full image). Parsing is defensive:
 * anything malformed yields the defaults and the decoder then gives the real verdict on the file.
 *
 * <p>JPEG segments are read with TwelveMonkeys' {@link JPEGSegmentUtil} and every EXIF/TIFF
 * structure with its {@link TIFFReader} (the reader its TIFF and JPEG plugins use). Only the walk
 * over WebP (RIFF) and PNG chunks to find the EXIF payload is done here: imageio-metadata has no
 * public reader for those containers.
 */
record ImageHeaders(int orientation, boolean fullFrameDecode) {

    static final ImageHeaders DEFAULT = new ImageHeaders(1, false);

    private static final int MAX_EXIF_BYTES = 1 << 20;

    /** APP1 "Exif" and the start-of-frame segments; everything else up to the scan is skipped. */
    private static final Map<Integer, List<String>> JPEG_SEGMENTS = jpegSegments();

    private static Map<Integer, List<String>> jpegSegments() {
        Map<Integer, List<String>> segments = new HashMap<>();
        segments.put(JPEG.APP1, List.of("Exif"));
        for (int sof : new int[] { JPEG.SOF0, JPEG.SOF1, JPEG.SOF2, JPEG.SOF3, JPEG.SOF5, JPEG.SOF6, JPEG.SOF7,
                JPEG.SOF9, JPEG.SOF10, JPEG.SOF11, JPEG.SOF13, JPEG.SOF14, JPEG.SOF15 }) {
            segments.put(sof, null); // null: no identifier to match, the segment is wanted as such
        }
        return Collections.unmodifiableMap(segments);
    }

    /** Reads the headers; leaves the stream at position 0 in big-endian order. */
    static ImageHeaders read(ImageInputStream in, ImageFormat format) throws IOException {
        ByteOrder order = in.getByteOrder();
        try {
            in.seek(0);
            return switch (format) {
                case JPEG -> jpeg(in);
                case TIFF -> new ImageHeaders(tiffOrientation(in), false);
                case WEBP -> webp(in);
                case PNG -> new ImageHeaders(pngOrientation(in), false);
                default -> DEFAULT;
            };
        } catch (EOFException | RuntimeException e) {
            return DEFAULT;
        } finally {
            in.setByteOrder(order);
            in.seek(0);
        }
    }

    private static ImageHeaders jpeg(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        List<JPEGSegment> segments;
        try {
            segments = JPEGSegmentUtil.readSegments(in, JPEG_SEGMENTS); // stops at the start of scan
        } catch (IIOException e) {
            return DEFAULT; // no SOI
        }
        int orientation = 1;
        boolean progressive = false;
        for (JPEGSegment segment : segments) {
            int marker = segment.marker();
            if (marker == JPEG.APP1) {
                if (orientation == 1) {
                    // data() starts after "Exif\0"; the TIFF structure follows one pad byte
                    byte[] exif = segment.data().readAllBytes();
                    if (exif.length > 1 && exif[0] == 0) {
                        orientation = tiffOrientation(exif, 1);
                    }
                }
            } else {
                progressive = marker == JPEG.SOF2 || marker == JPEG.SOF6 || marker == JPEG.SOF10
                        || marker == JPEG.SOF14;
            }
        }
        return new ImageHeaders(orientation, progressive);
    }

    private static ImageHeaders webp(ImageInputStream in) throws IOException {
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
        return new ImageHeaders(orientation, lossless);
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

    /** A TIFF structure held in memory: its known length bounds what the reader allocates. */
    private static int tiffOrientation(byte[] bytes, int offset) throws IOException {
        try (ImageInputStream tiff = new ByteArrayImageInputStream(bytes, offset, bytes.length - offset)) {
            return tiffOrientation(tiff);
        }
    }

    /** Orientation tag of IFD0 of the TIFF structure at position 0 of the stream; 1 when absent or bad. */
    static int tiffOrientation(ImageInputStream in) throws IOException {
        in.seek(0);
        Directory tiff;
        try {
            tiff = new TIFFReader().read(in);
        } catch (IIOException e) {
            return 1; // not TIFF (byte order mark, magic): the image reader gives the verdict
        }
        Directory ifd0 = tiff instanceof CompoundDirectory ifds
                ? (ifds.directoryCount() > 0 ? ifds.getDirectory(0) : null)
                : tiff;
        Entry entry = ifd0 == null ? null : ifd0.getEntryById(TIFF.TAG_ORIENTATION);
        if (!(entry instanceof TIFFEntry tag)) {
            return 1;
        }
        long value = switch (tag.getType()) {
            case TIFF.TYPE_SHORT, TIFF.TYPE_LONG -> first(tag.getValue());
            default -> 1;
        };
        return value >= 1 && value <= 8 ? (int) value : 1;
    }

    private static long first(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof int[] ints && ints.length > 0) {
            return ints[0];
        }
        if (value instanceof long[] longs && longs.length > 0) {
            return longs[0];
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
