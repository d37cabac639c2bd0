package dev.opendrive.thumbnails;

import static dev.opendrive.thumbnails.TestImages.BLUE;
import static dev.opendrive.thumbnails.TestImages.GREEN;
import static dev.opendrive.thumbnails.TestImages.RED;
import static dev.opendrive.thumbnails.TestImages.YELLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.Random;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.twelvemonkeys.imageio.color.ColorSpaces;

import dev.opendrive.thumbnails.ThumbnailException.Reason;

class ThumbnailRendererTest {

    private final ThumbnailRenderer renderer = new ThumbnailRenderer();

    // ---- output shape per input format -------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "jpeg", "png", "gif", "bmp", "tiff" })
    void rendersA200x200JpegFromEachFormat(String format) throws Exception {
        BufferedImage source = TestImages.quadrants(640, 480,
                "gif".equals(format) ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_INT_RGB);
        Rendered out = render(TestImages.encode(source, format));

        assertThat(out.result.format().imageIoName()).isEqualTo(format);
        assertThat(out.result.width()).isEqualTo(640);
        assertThat(out.result.height()).isEqualTo(480);
        assertQuadrants(out.image, RED, GREEN, BLUE, YELLOW);
    }

    @ParameterizedTest
    @ValueSource(strings = { TestImages.WEBP_LOSSY, TestImages.WEBP_LOSSLESS })
    void rendersWebP(String base64) throws Exception {
        Rendered out = render(TestImages.base64(base64));

        assertThat(out.result.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(out.result.width()).isEqualTo(64);
        assertQuadrants(out.image, RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void outputIsABaselineJpegOfReasonableSize() throws Exception {
        byte[] jpeg = renderBytes(TestImages.jpeg(TestImages.photoLike(1600, 1200, 1), 0.9f));

        assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
        assertThat(jpeg.length).isBetween(2_000, 60_000);
        // deterministic: the same input gives the same bytes (idempotent re-renders)
        assertThat(renderBytes(TestImages.jpeg(TestImages.photoLike(1600, 1200, 1), 0.9f))).isEqualTo(jpeg);
    }

    @Test
    void smallImagesAreScaledUpTo200() throws Exception {
        Rendered out = render(TestImages.encode(TestImages.quadrants(40, 30, BufferedImage.TYPE_INT_RGB), "png"));

        assertQuadrants(out.image, RED, GREEN, BLUE, YELLOW);
    }

    // ---- cover crop ----------------------------------------------------------------------------

    @Test
    void landscapeCoverCropKeepsTheCentre() throws Exception {
        Rendered out = render(TestImages.jpeg(TestImages.bands(3000, 1000), 0.95f));

        // red | green | blue bands of 1000 px each: the centred 1000x1000 square is all green
        assertColor(out.image, 5, 100, GREEN);
        assertColor(out.image, 100, 100, GREEN);
        assertColor(out.image, 194, 100, GREEN);
    }

    @Test
    void portraitCoverCropKeepsTheCentre() throws Exception {
        Rendered out = render(TestImages.encode(TestImages.bands(900, 2700), "png"));

        assertColor(out.image, 100, 5, GREEN);
        assertColor(out.image, 100, 100, GREEN);
        assertColor(out.image, 100, 194, GREEN);
    }

    @Test
    void slightlyWideImageKeepsBothSidesOfTheCentre() throws Exception {
        // 2400x2000: the crop drops 200 px on each side, the quadrant boundary stays in the middle
        Rendered out = render(TestImages.jpeg(TestImages.quadrants(2400, 2000, BufferedImage.TYPE_INT_RGB), 0.95f));

        assertQuadrants(out.image, RED, GREEN, BLUE, YELLOW);
        assertThat(out.result.subsampling()).isEqualTo(2); // 2000 px decoded as 1000
    }

    // ---- EXIF orientation ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void exifOrientation6RotatesClockwise(boolean littleEndian) throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(
                TestImages.jpeg(TestImages.quadrants(800, 600, BufferedImage.TYPE_INT_RGB), 0.95f), 6, littleEndian);

        Rendered out = render(jpeg);

        assertThat(out.result.orientation()).isEqualTo(6);
        // stored red|green over blue|yellow, displayed turned 90 degrees clockwise:
        // blue|red over yellow|green
        assertQuadrants(out.image, BLUE, RED, YELLOW, GREEN);
    }

    @Test
    void everyExifOrientationMapsTheQuadrants() throws Exception {
        byte[] plain = TestImages.jpeg(TestImages.quadrants(400, 400, BufferedImage.TYPE_INT_RGB), 0.95f);
        Color[][] expected = {
                { RED, GREEN, BLUE, YELLOW }, // 1
                { GREEN, RED, YELLOW, BLUE }, // 2 mirror horizontal
                { YELLOW, BLUE, GREEN, RED }, // 3 rotate 180
                { BLUE, YELLOW, RED, GREEN }, // 4 mirror vertical
                { RED, BLUE, GREEN, YELLOW }, // 5 transpose
                { BLUE, RED, YELLOW, GREEN }, // 6 rotate 90 clockwise
                { YELLOW, GREEN, BLUE, RED }, // 7 transverse
                { GREEN, YELLOW, RED, BLUE }, // 8 rotate 90 counter-clockwise
        };
        for (int orientation = 1; orientation <= 8; orientation++) {
            Rendered out = render(TestImages.withExifOrientation(plain, orientation, orientation % 2 == 0));
            Color[] e = expected[orientation - 1];
            assertThat(out.result.orientation()).isEqualTo(orientation);
            assertQuadrants(out.image, e[0], e[1], e[2], e[3]);
        }
    }

    @Test
    void pngExifOrientationIsHonoured() throws Exception {
        byte[] png = TestImages.encode(TestImages.quadrants(400, 300, BufferedImage.TYPE_INT_RGB), "png");

        Rendered out = render(TestImages.withPngExifOrientation(png, 8));

        assertThat(out.result.orientation()).isEqualTo(8);
        assertQuadrants(out.image, GREEN, YELLOW, RED, BLUE);
    }

    @Test
    void webpExifOrientationIsHonoured() throws Exception {
        Rendered out = render(TestImages.base64(TestImages.WEBP_ORIENTED_6));

        assertThat(out.result.orientation()).isEqualTo(6);
        assertQuadrants(out.image, BLUE, RED, YELLOW, GREEN);
    }

    // ---- colour spaces, depths, transparency ---------------------------------------------------

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel model = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(300, 300);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 300; x++) {
                raster.setPixel(x, y, new int[] { 255, 0, 0, 0 }); // pure cyan ink
            }
        }
        byte[] jpeg = writeWithTwelveMonkeys(new BufferedImage(model, raster, false, null));
        assertThat(sofComponents(jpeg)).isEqualTo(4);

        Rendered out = render(jpeg);

        Color c = new Color(out.image.getRGB(100, 100));
        assertThat(c.getRed()).isLessThan(80);
        assertThat(c.getGreen()).isGreaterThan(120);
        assertThat(c.getBlue()).isGreaterThan(180);
    }

    @Test
    void sixteenBitPngIsHandled() throws Exception {
        byte[] png = TestImages.encode(sixteenBitQuadrants(), "png");
        assertThat(TestImages.read(png).getColorModel().getComponentSize(0)).isEqualTo(16);

        Rendered out = render(png);

        assertQuadrants(out.image, RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void sixteenBitTiffIsHandled() throws Exception {
        byte[] tiff = TestImages.encodeWithJdkWriter(sixteenBitQuadrants(), "tiff");
        assertThat(TestImages.read(tiff).getColorModel().getComponentSize(0)).isEqualTo(16);

        Rendered out = render(tiff);

        assertThat(out.result.format()).isEqualTo(ImageFormat.TIFF);
        assertQuadrants(out.image, RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void greyscaleKeepsItsLevels() throws Exception {
        BufferedImage grey = new BufferedImage(300, 300, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 300, 300);
        g.dispose();

        Rendered out = render(TestImages.encode(grey, "png"));

        assertColor(out.image, 100, 100, new Color(128, 128, 128));
    }

    @Test
    void transparentPngIsCompositedOnWhite() throws Exception {
        BufferedImage image = new BufferedImage(400, 400, BufferedImage.TYPE_INT_ARGB); // all transparent
        Graphics2D g = image.createGraphics();
        g.setColor(RED);
        g.fillRect(150, 150, 100, 100);
        g.dispose();

        Rendered out = render(TestImages.encode(image, "png"));

        assertColor(out.image, 10, 10, Color.WHITE);
        assertColor(out.image, 190, 190, Color.WHITE);
        assertColor(out.image, 100, 100, RED);
    }

    @Test
    void transparentGifIsCompositedOnWhite() throws Exception {
        BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(BLUE);
        g.fillRect(100, 100, 100, 100);
        g.dispose();
        byte[] gif = TestImages.encode(image, "gif");

        Rendered out = render(gif);

        assertColor(out.image, 10, 10, Color.WHITE);
        assertColor(out.image, 100, 100, BLUE);
    }

    @Test
    void transparentWebPIsCompositedOnWhite() throws Exception {
        Rendered out = render(TestImages.base64(TestImages.WEBP_ALPHA));

        // 64x48 with a red 32x24 centre: cropped to the centre 48x48, red spans 32 of 48 columns
        assertColor(out.image, 100, 100, RED);
        assertColor(out.image, 100, 5, Color.WHITE);
        assertColor(out.image, 5, 100, Color.WHITE);
    }

    // ---- hostile and broken inputs ------------------------------------------------------------

    @Test
    void decompressionBombPngIsRejectedFromTheHeader() {
        byte[] bomb = TestImages.pngBomb(100_000, 100_000);
        assertThat(bomb.length).isLessThan(200);
        long allocatedBefore = allocatedBytes();
        long start = System.nanoTime();

        ThumbnailException e = catchThrowableOfType(ThumbnailException.class, () -> render(bomb));

        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.reason()).isEqualTo(Reason.DECOMPRESSION_BOMB);
        assertThat(e.getMessage()).contains("100000x100000");
        assertThat(ms).isLessThan(1000);
        assertThat(allocatedBytes() - allocatedBefore).isLessThan(32L * 1024 * 1024);
    }

    @Test
    void theCapIsConfigurable() throws Exception {
        byte[] png = TestImages.encode(TestImages.quadrants(1000, 1000, BufferedImage.TYPE_INT_RGB), "png");
        ThumbnailRenderer strict = new ThumbnailRenderer(999_999);

        assertThatThrownBy(() -> strict.render(new ByteArrayInputStream(png), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(ThumbnailException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DECOMPRESSION_BOMB));
        assertThat(new ThumbnailRenderer(1_000_000).render(new ByteArrayInputStream(png), new ByteArrayOutputStream())
                .width()).isEqualTo(1000);
    }

    @Test
    void progressiveJpegGetsTheStricterFullFrameCap() throws Exception {
        BufferedImage image = TestImages.quadrants(1000, 1000, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream progressive = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(progressive)) {
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = progressive.toByteArray();
        assertThat(indexOfMarker(jpeg, 0xC2)).isPositive();

        // 1 MP progressive: fine under a 4 MP cap, a bomb under a 3 MP cap (its decoder holds the frame)
        ThumbnailRenderer.Result ok = new ThumbnailRenderer(4_000_000)
                .render(new ByteArrayInputStream(jpeg), new ByteArrayOutputStream());
        assertThat(ok.width()).isEqualTo(1000);
        assertThatThrownBy(() -> new ThumbnailRenderer(3_000_000)
                .render(new ByteArrayInputStream(jpeg), new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(ThumbnailException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.DECOMPRESSION_BOMB));
        assertQuadrants(render(jpeg).image, RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void hugeJpegHeaderIsRejectedWithoutDecoding() throws Exception {
        // a real 16x16 JPEG whose SOF0 claims 60000x60000 pixels
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(16, 16, BufferedImage.TYPE_INT_RGB), 0.9f);
        int sof = indexOfMarker(jpeg, 0xC0);
        jpeg[sof + 5] = (byte) (60000 >> 8);
        jpeg[sof + 6] = (byte) (60000 & 0xFF);
        jpeg[sof + 7] = (byte) (60000 >> 8);
        jpeg[sof + 8] = (byte) (60000 & 0xFF);

        ThumbnailException e = catchThrowableOfType(ThumbnailException.class, () -> render(jpeg));

        assertThat(e.reason()).isEqualTo(Reason.DECOMPRESSION_BOMB);
    }

    @ParameterizedTest
    @ValueSource(strings = { "png-garbage", "jpeg-garbage", "random", "truncated-png", "empty", "text" })
    void corruptInputsAreUnprocessable(String kind) {
        byte[] bytes = switch (kind) {
            case "png-garbage" -> concat(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A },
                    randomBytes(500, 1));
            case "jpeg-garbage" -> concat(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0 },
                    randomBytes(500, 2));
            case "random" -> randomBytes(2000, 3);
            case "truncated-png" -> java.util.Arrays.copyOf(
                    TestImages.encode(TestImages.photoLike(300, 300, 4), "png"), 60);
            case "empty" -> new byte[0];
            default -> "hello, not an image at all".getBytes();
        };

        ThumbnailException e = catchThrowableOfType(ThumbnailException.class, () -> render(bytes));

        assertThat(e).as(kind).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
    }

    @Test
    void heicIsUnsupportedNotCorrupt() {
        byte[] heic = concat(new byte[] { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0 },
                "mif1heic".getBytes());

        ThumbnailException e = catchThrowableOfType(ThumbnailException.class, () -> render(heic));

        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void aFailingSourceStreamIsAnIoErrorNotACorruptImage() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(800, 600, 5), 0.9f);
        InputStream failing = new InputStream() {
            private final InputStream in = new ByteArrayInputStream(jpeg);
            private int read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > jpeg.length / 2) {
                    throw new IOException("connection reset by storage");
                }
                int n = in.read(b, off, Math.min(len, 1024));
                read += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> renderer.render(failing, new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
    }

    @Test
    void truncatedJpegStillRendersWhatIsThere() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(1200, 900, 6), 0.9f);

        Rendered out = render(java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 3));

        assertThat(out.image.getWidth()).isEqualTo(200);
    }

    // ---- big photos ----------------------------------------------------------------------------

    @Test
    @Tag("slow")
    void a48MegapixelPhotoRendersQuicklyWithoutAFullResolutionDecode() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(8000, 6000, 7), 0.85f);
        render(TestImages.jpeg(TestImages.photoLike(1200, 900, 8), 0.85f)); // warm the code paths
        System.gc();
        long allocatedBefore = allocatedBytes();
        long start = System.nanoTime();

        Rendered out = render(jpeg);

        long ms = (System.nanoTime() - start) / 1_000_000;
        long allocated = allocatedBytes() - allocatedBefore;
        System.out.printf("48 MP JPEG (%d bytes): %d ms, %d MB allocated on the heap%n", jpeg.length, ms,
                allocated >> 20);
        assertThat(out.result.width()).isEqualTo(8000);
        assertThat(out.result.subsampling()).isEqualTo(7); // 6000 px square decoded as 858 px
        assertThat(ms).isLessThan(3000);
        // a full decode would be 144 MB (3 bytes x 48 MP); the input cache (the file) and the crop fit in far less
        assertThat(allocated).isLessThan(jpeg.length + 48L * 1024 * 1024);
    }

    @Test
    void bigPngIsDecodedSubsampled() throws Exception {
        byte[] png = TestImages.encode(TestImages.quadrants(4000, 3000, BufferedImage.TYPE_INT_RGB), "png");

        Rendered out = render(png);

        assertThat(out.result.subsampling()).isEqualTo(3);
        assertQuadrants(out.image, RED, GREEN, BLUE, YELLOW);
    }

    // ---- helpers -------------------------------------------------------------------------------

    record Rendered(ThumbnailRenderer.Result result, BufferedImage image, byte[] bytes) {
    }

    private Rendered render(byte[] input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ThumbnailRenderer.Result result = renderer.render(new ByteArrayInputStream(input), input.length, out);
        byte[] bytes = out.toByteArray();
        BufferedImage image = TestImages.read(bytes);
        assertThat(image).as("output decodes as an image").isNotNull();
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(formatOf(bytes)).isEqualTo("JPEG");
        return new Rendered(result, image, bytes);
    }

    private byte[] renderBytes(byte[] input) throws Exception {
        return render(input).bytes;
    }

    private static String formatOf(byte[] bytes) throws IOException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            return readers.hasNext() ? readers.next().getFormatName().toUpperCase() : "none";
        }
    }

    private static void assertQuadrants(BufferedImage image, Color topLeft, Color topRight, Color bottomLeft,
            Color bottomRight) {
        assertColor(image, 50, 50, topLeft);
        assertColor(image, 150, 50, topRight);
        assertColor(image, 50, 150, bottomLeft);
        assertColor(image, 150, 150, bottomRight);
    }

    private static void assertColor(BufferedImage image, int x, int y, Color expected) {
        Color actual = new Color(image.getRGB(x, y));
        int distance = Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue());
        assertThat(distance).as("colour at %d,%d: %s, expected %s", x, y, actual, expected).isLessThan(60);
    }

    private static BufferedImage sixteenBitQuadrants() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(500, 400);
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 500; x++) {
                Color c = y < 200 ? (x < 250 ? RED : GREEN) : (x < 250 ? BLUE : YELLOW);
                raster.setPixel(x, y, new int[] { c.getRed() * 257, c.getGreen() * 257, c.getBlue() * 257 });
            }
        }
        BufferedImage image = new BufferedImage(model, raster, false, null);
        assertThat(image.getColorModel().getComponentSize(0)).isEqualTo(16);
        return image;
    }

    private static byte[] writeWithTwelveMonkeys(BufferedImage image) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getClass().getName().startsWith("com.twelvemonkeys.")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(image);
                } finally {
                    writer.dispose();
                }
                return out.toByteArray();
            }
        }
        throw new IllegalStateException("TwelveMonkeys JPEG writer not registered");
    }

    private static int sofComponents(byte[] jpeg) {
        int sof = indexOfMarker(jpeg, 0xC0);
        if (sof < 0) {
            sof = indexOfMarker(jpeg, 0xC1);
        }
        return jpeg[sof + 9] & 0xFF;
    }

    /** Offset of the 0xFF of the first marker of this type (walking segments, not scanning data). */
    private static int indexOfMarker(byte[] jpeg, int marker) {
        int i = 2;
        while (i + 4 < jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int m = jpeg[i + 1] & 0xFF;
            if (m == marker) {
                return i;
            }
            if (m == 0xDA) {
                return -1;
            }
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF);
        }
        return -1;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
