package dev.opendrive.thumbnails;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.FileCacheImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.jboss.logging.Logger;

import dev.opendrive.thumbnails.ThumbnailException.Reason;

/**
 * Renders a 200x200 "cover" JPEG (quality 0.8) from JPEG, PNG, GIF, BMP, WebP or TIFF bytes.
 * Pure logic: no CDI, no storage, safe to call from several threads at once.
 *
 * <p>How it stays fast and bounded on big photos:
 * <ol>
 * <li>The format is sniffed from the first bytes and the EXIF orientation read from the headers.</li>
 * <li>The dimensions come from the header; more pixels than the cap is a decompression bomb and is
 * rejected before anything is allocated.</li>
 * <li>Only the centred square that the cover crop keeps is decoded ({@code setSourceRegion}), with
 * {@code setSourceSubsampling} so that about 800-1600 px across are produced: a 48 MP photo never
 * exists at full resolution in memory.</li>
 * <li>2:1 halving steps (an exact 2x2 average, which is what bilinear interpolation computes at 2:1)
 * down to less than 400 px, then one bilinear step to 200 px (a Java2D draw). A single bilinear
 * step from a large image samples only a few source pixels per output pixel and gives moiré.</li>
 * <li>The EXIF orientation is applied to the 200x200 result (a centred square crop commutes with the
 * rotation), then the JPEG is written.</li>
 * </ol>
 * Transparent pixels are composited on white; CMYK/YCCK JPEGs (TwelveMonkeys), 16-bit PNG/TIFF, grey,
 * palette and ICC-tagged images all end up as 8-bit sRGB through one Java2D draw.
 */
public final class ThumbnailRenderer {

    private static final Logger LOG = Logger.getLogger(ThumbnailRenderer.class);

    public static final int SIZE = 200;
    public static final float QUALITY = 0.8f;
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** The decoded crop is at least this wide before the halving steps (4x the target). */
    static final int MIN_DECODED_SIDE = SIZE * 4;
    /**
     * Decoders that must hold the whole frame whatever the subsampling (progressive JPEG, lossless
     * WebP) get a quarter of the pixel cap: 25 MP by default, i.e. ~100-150 MB at worst per render.
     */
    static final int FULL_FRAME_DIVISOR = 4;
    /** Inputs above this size are cached on disk, not on the heap, while they are decoded. */
    static final long MEMORY_CACHE_LIMIT = 16L * 1024 * 1024;

    /** What was rendered, for logs and tests. */
    public record Result(ImageFormat format, int width, int height, int orientation, int subsampling) {
    }

    private final long maxPixels;

    public ThumbnailRenderer() {
        this(DEFAULT_MAX_PIXELS);
    }

    public ThumbnailRenderer(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive");
        }
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public Result render(InputStream in, OutputStream out) throws ThumbnailException, IOException {
        return render(in, -1, out);
    }

    /**
     * Reads the image from {@code in} (not closed) and writes the thumbnail JPEG to {@code out}
     * (not closed).
     *
     * @param sizeHint the input's size in bytes if known, else -1: big inputs are cached on disk
     * @throws ThumbnailException when the input can never be rendered (bomb, corrupt, unsupported)
     * @throws IOException when reading {@code in} or writing {@code out} failed: worth a retry
     */
    public Result render(InputStream in, long sizeHint, OutputStream out) throws ThumbnailException, IOException {
        Plugins.ensureRegistered();
        SourceStream source = new SourceStream(in);
        Decoded decoded;
        try (ImageInputStream iis = open(source, sizeHint)) {
            decoded = decode(iis, source);
        }
        int[] pixels = squareRgbOnWhite(decoded.image);
        int side = (int) Math.sqrt(pixels.length);
        decoded = decoded.withoutImage();
        // 2:1 steps kept hand-written: ResampleOp measured +15-19% CPU/photo, Java2D 2:1 draws +6-10% (benchmarks.md)
        while (side / 2 >= SIZE) {
            pixels = halve(pixels, side);
            side /= 2;
        }
        if (side != SIZE) {
            pixels = resample(pixels, side, SIZE);
        }
        pixels = orient(pixels, SIZE, decoded.orientation);
        writeJpeg(pixels, SIZE, out);
        return new Result(decoded.format, decoded.width, decoded.height, decoded.orientation, decoded.subsampling);
    }

    private record Decoded(ImageFormat format, int width, int height, int orientation, int subsampling,
            BufferedImage image) {
        Decoded withoutImage() {
            return new Decoded(format, width, height, orientation, subsampling, null);
        }
    }

    private Decoded decode(ImageInputStream iis, SourceStream source) throws ThumbnailException, IOException {
        ImageFormat format = ImageFormat.UNKNOWN;
        try {
            byte[] head = new byte[ImageFormat.SNIFF_BYTES];
            int n = readUpTo(iis, head);
            format = ImageFormat.sniff(head, n);
            if (format == ImageFormat.HEIF) {
                throw new ThumbnailException(Reason.UNSUPPORTED_FORMAT,
                        "HEIC/HEIF/AVIF: no practical pure-Java HEVC/AV1 decoder");
            }
            if (!format.supported()) {
                throw new ThumbnailException(Reason.CORRUPT, "not a JPEG, PNG, GIF, BMP, WebP or TIFF image");
            }
            ImageHeaders headers = ImageHeaders.read(iis, format);
            ImageReader reader = Plugins.reader(format);
            if (reader == null) {
                throw new ThumbnailException(Reason.UNSUPPORTED_FORMAT, "no ImageIO reader for " + format);
            }
            try {
                // PNG: metadata (text chunks...) is not needed; JPEG/TIFF readers need theirs for
                // colour spaces (Adobe APP14, ICC), so it is kept for the others.
                reader.setInput(iis, false, format == ImageFormat.PNG);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new ThumbnailException(Reason.CORRUPT, "invalid dimensions " + width + "x" + height);
                }
                long cap = headers.fullFrameDecode() ? maxPixels / FULL_FRAME_DIVISOR : maxPixels;
                if ((long) width * height > cap) {
                    throw new ThumbnailException(Reason.DECOMPRESSION_BOMB, String.format(
                            "%s %dx%d = %d pixels exceeds the cap of %d%s", format, width, height,
                            (long) width * height, cap, headers.fullFrameDecode() ? " (full-frame decoder)" : ""));
                }
                int side = Math.min(width, height);
                int subsampling = Math.max(1, side / MIN_DECODED_SIDE);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceRegion(new Rectangle((width - side) / 2, (height - side) / 2, side, side));
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (source.failure() != null) {
                    // a reader may stop at a broken stream and return what it had: not a thumbnail
                    throw source.failure();
                }
                return new Decoded(format, width, height, headers.orientation(), subsampling, image);
            } finally {
                reader.dispose();
            }
        } catch (ThumbnailException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (source.failure() != null) {
                throw source.failure(); // the storage stream failed, not the image: retry
            }
            throw new ThumbnailException(Reason.CORRUPT, format + " could not be decoded: " + e, e);
        }
    }

    private static ImageInputStream open(InputStream source, long sizeHint) throws IOException {
        if (sizeHint > MEMORY_CACHE_LIMIT && ImageIO.getUseCache()) {
            try {
                return new FileCacheImageInputStream(source, ImageIO.getCacheDirectory());
            } catch (IOException | RuntimeException e) {
                LOG.debugf("event=thumbnail.cache fallback=memory error=%s", e);
            }
        }
        return new MemoryCacheImageInputStream(source);
    }

    private static int readUpTo(ImageInputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        in.seek(0);
        return total;
    }

    /** Centre square of the decoded image as opaque sRGB pixels, transparency composited on white. */
    static int[] squareRgbOnWhite(BufferedImage image) {
        int side = Math.min(image.getWidth(), image.getHeight());
        BufferedImage rgb = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, side, side);
            g.drawImage(image, -(image.getWidth() - side) / 2, -(image.getHeight() - side) / 2, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
    }

    /** One 2:1 step: each output pixel is the rounded average of a 2x2 block. */
    static int[] halve(int[] src, int side) {
        int half = side / 2;
        int[] dst = new int[half * half];
        for (int y = 0; y < half; y++) {
            int row0 = 2 * y * side;
            int row1 = row0 + side;
            int out = y * half;
            for (int x = 0; x < half; x++) {
                int a = src[row0 + 2 * x];
                int b = src[row0 + 2 * x + 1];
                int c = src[row1 + 2 * x];
                int d = src[row1 + 2 * x + 1];
                int r = ((a >> 16 & 0xFF) + (b >> 16 & 0xFF) + (c >> 16 & 0xFF) + (d >> 16 & 0xFF) + 2) >> 2;
                int gr = ((a >> 8 & 0xFF) + (b >> 8 & 0xFF) + (c >> 8 & 0xFF) + (d >> 8 & 0xFF) + 2) >> 2;
                int bl = ((a & 0xFF) + (b & 0xFF) + (c & 0xFF) + (d & 0xFF) + 2) >> 2;
                dst[out + x] = r << 16 | gr << 8 | bl;
            }
        }
        return dst;
    }

    /**
     * The last step, a ratio between 1:1 and 2:1 (or an enlargement of a small image): one bilinear
     * Java2D draw, which is what TwelveMonkeys' {@code ResampleOp} itself delegates its triangle
     * filter to (through {@code AffineTransformOp}), without that op's extra passes.
     */
    static int[] resample(int[] src, int side, int target) {
        BufferedImage in = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        System.arraycopy(src, 0, ((DataBufferInt) in.getRaster().getDataBuffer()).getData(), 0, side * side);
        BufferedImage out = new BufferedImage(target, target, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(in, 0, 0, target, target, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    }

    /** Applies an EXIF orientation (1-8) to a square image. */
    static int[] orient(int[] src, int n, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int[] dst = new int[n * n];
        int m = n - 1;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = m - x; sy = y; }          // mirrored horizontally
                    case 3 -> { sx = m - x; sy = m - y; }      // rotated 180
                    case 4 -> { sx = x; sy = m - y; }          // mirrored vertically
                    case 5 -> { sx = y; sy = x; }              // transposed
                    case 6 -> { sx = y; sy = m - x; }          // rotate 90 clockwise to display
                    case 7 -> { sx = m - y; sy = m - x; }      // transversed
                    default -> { sx = m - y; sy = x; }         // 8: rotate 90 counter-clockwise
                }
                dst[y * n + x] = src[sy * n + sx];
            }
        }
        return dst;
    }

    private static void writeJpeg(int[] pixels, int side, OutputStream out) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        image.getRaster().setDataElements(0, 0, side, side, pixels);
        ImageWriter writer = Plugins.jpegWriter();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** Remembers whether the wrapped (storage) stream failed, to tell I/O errors from bad images. */
    static final class SourceStream extends FilterInputStream {
        private volatile IOException failure;

        SourceStream(InputStream in) {
            super(in);
        }

        IOException failure() {
            return failure;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            // the caller owns the storage stream
        }
    }

    /**
     * ImageIO plugin discovery. TwelveMonkeys registers through service loaders; under Quarkus the
     * registry may have been initialised with another class loader, so the classpath is scanned
     * once, lazily, with this library's loader when the plugins are missing.
     */
    static final class Plugins {
        // Initialisation-on-demand: the JVM initialises this class once, thread-safely, the first
        // time a render touches it, so plugin registration costs nothing at start-up and needs no lock.
        private static final Map<ImageFormat, ImageReaderSpi> READERS = register();
        private static final ImageWriterSpi JPEG_WRITER = findJpegWriter();

        private Plugins() {
        }

        /** Initialises the registry (the class) if that has not happened yet. */
        static void ensureRegistered() {
            // touching a static member is enough: class initialisation did the work
        }

        private static Map<ImageFormat, ImageReaderSpi> register() {
            Map<ImageFormat, ImageReaderSpi> readers = new EnumMap<>(ImageFormat.class);
            if (System.getProperty("java.awt.headless") == null) {
                // a server renders into BufferedImages only: never try to reach an X display
                System.setProperty("java.awt.headless", "true");
            }
            ImageReaderSpi jpeg = find(ImageFormat.JPEG);
            if (find(ImageFormat.WEBP) == null || jpeg == null
                    || !jpeg.getClass().getName().startsWith("com.twelvemonkeys.")) {
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                try {
                    thread.setContextClassLoader(ThumbnailRenderer.class.getClassLoader());
                    ImageIO.scanForPlugins();
                } finally {
                    thread.setContextClassLoader(previous);
                }
            }
            StringBuilder chosen = new StringBuilder();
            for (ImageFormat format : ImageFormat.values()) {
                if (format.supported()) {
                    ImageReaderSpi spi = find(format);
                    readers.put(format, spi);
                    chosen.append(' ').append(format.imageIoName()).append('=')
                            .append(spi == null ? "none" : spi.getClass().getName());
                }
            }
            LOG.debugf("event=thumbnail.readers%s", chosen);
            if (readers.get(ImageFormat.WEBP) == null) {
                LOG.warn("event=thumbnail.readers missing=webp: TwelveMonkeys imageio-webp is not on the classpath");
            }
            return readers;
        }

        /** A fresh reader for the format, or null; the caller disposes it. */
        static ImageReader reader(ImageFormat format) throws IOException {
            ImageReaderSpi spi = READERS.get(format);
            return spi == null ? null : spi.createReaderInstance();
        }

        /** TwelveMonkeys for JPEG (CMYK/YCCK, ICC), TIFF and WebP; the JDK's for PNG, GIF and BMP. */
        private static ImageReaderSpi find(ImageFormat format) {
            String preferred = switch (format) {
                case JPEG, TIFF, WEBP -> "com.twelvemonkeys.";
                default -> "com.sun.imageio.";
            };
            ImageReaderSpi first = null;
            Iterator<ImageReaderSpi> spis = IIORegistry.getDefaultInstance()
                    .getServiceProviders(ImageReaderSpi.class, true);
            while (spis.hasNext()) {
                ImageReaderSpi spi = spis.next();
                if (!handles(spi, format.imageIoName())) {
                    continue;
                }
                if (spi.getClass().getName().startsWith(preferred)) {
                    return spi;
                }
                if (first == null) {
                    first = spi;
                }
            }
            return first;
        }

        private static boolean handles(ImageReaderSpi spi, String formatName) {
            return handles(spi.getFormatNames(), formatName);
        }

        private static boolean handles(String[] names, String formatName) {
            if (names != null) {
                for (String name : names) {
                    if (name.equalsIgnoreCase(formatName)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The JDK's JPEG writer (TwelveMonkeys' only delegates to it for RGB); the caller disposes it. */
        static ImageWriter jpegWriter() throws IOException {
            if (JPEG_WRITER == null) {
                throw new IOException("no JPEG ImageWriter available");
            }
            return JPEG_WRITER.createWriterInstance();
        }

        private static ImageWriterSpi findJpegWriter() {
            ImageWriterSpi spi = null;
            Iterator<ImageWriterSpi> spis = IIORegistry.getDefaultInstance().getServiceProviders(ImageWriterSpi.class,
                    true);
            while (spis.hasNext()) {
                ImageWriterSpi candidate = spis.next();
                if (!handles(candidate.getFormatNames(), "jpeg")) {
                    continue;
                }
                if (spi == null || candidate.getClass().getName().startsWith("com.sun.imageio.")) {
                    spi = candidate;
                }
            }
            return spi;
        }
    }
}
