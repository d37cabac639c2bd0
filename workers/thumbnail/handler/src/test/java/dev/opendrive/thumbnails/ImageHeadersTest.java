package dev.opendrive.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The orientation and frame type read before decoding, on camera-like EXIF blocks and broken ones. */
class ImageHeadersTest {

    private static final byte[] JPEG = TestImages.jpeg(
            TestImages.quadrants(64, 48, BufferedImage.TYPE_INT_RGB), 0.9f);

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void orientationInALargeCameraExifBlock(boolean littleEndian) throws Exception {
        ExifBlocks exif = new ExifBlocks(littleEndian);
        byte[] tiff = exif.tiff(exif.camera(6, null));
        assertThat(tiff.length).isBetween(55_000, 65_000);

        ImageHeaders headers = read(ExifBlocks.withApp1(JPEG, tiff), ImageFormat.JPEG);

        assertThat(headers).isEqualTo(new ImageHeaders(6, false));
    }

    @Test
    void progressiveJpegWithExifGivesBoth() throws Exception {
        ExifBlocks exif = new ExifBlocks(false);
        byte[] jpeg = ExifBlocks.withApp1(progressive(), exif.tiff(exif.camera(8, null)));

        assertThat(read(jpeg, ImageFormat.JPEG)).isEqualTo(new ImageHeaders(8, true));
        assertThat(read(progressive(), ImageFormat.JPEG)).isEqualTo(new ImageHeaders(1, true));
        assertThat(read(JPEG, ImageFormat.JPEG)).isEqualTo(ImageHeaders.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = { "FF", "FFFFFF", "000000" })
    void paddingOrStrayBytesBeforeTheFrameHeaderDoNotHideAProgressiveJpeg(String hex) throws Exception {
        // libjpeg skips 0xFF fill bytes and (with a warning) stray bytes before a marker, so such a
        // file still decodes and must still get the full-frame cap
        byte[] jpeg = progressive();
        int sof = indexOfMarker(jpeg, 0xC2);
        byte[] insert = java.util.HexFormat.of().parseHex(hex);
        byte[] padded = new byte[jpeg.length + insert.length];
        System.arraycopy(jpeg, 0, padded, 0, sof);
        System.arraycopy(insert, 0, padded, sof, insert.length);
        System.arraycopy(jpeg, sof, padded, sof + insert.length, jpeg.length - sof);

        assertThat(read(padded, ImageFormat.JPEG).fullFrameDecode()).isTrue();
    }

    @Test
    void onlyIfd0Counts() throws Exception {
        ExifBlocks exif = new ExifBlocks(true);

        // an orientation on the embedded thumbnail (IFD1) says nothing about the main image
        assertThat(read(ExifBlocks.withApp1(JPEG, exif.tiff(exif.camera(null, 6))), ImageFormat.JPEG).orientation())
                .isEqualTo(1);
        assertThat(read(ExifBlocks.withApp1(JPEG, exif.tiff(exif.camera(3, 6))), ImageFormat.JPEG).orientation())
                .isEqualTo(3);
    }

    @Test
    void xmpSegmentBeforeExifIsSkipped() throws Exception {
        ExifBlocks exif = new ExifBlocks(true);
        byte[] withExif = ExifBlocks.withApp1(JPEG, exif.tiff(exif.camera(5, null)));
        byte[] xmp = ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'><tiff:Orientation>2"
                + "</tiff:Orientation></x:xmpmeta>").getBytes(StandardCharsets.UTF_8);

        assertThat(read(ExifBlocks.withSegment(withExif, 0xE1, xmp), ImageFormat.JPEG).orientation()).isEqualTo(5);
    }

    @Test
    void orientationStoredAsLongIsAccepted() throws Exception {
        ExifBlocks exif = new ExifBlocks(false);
        ExifBlocks.Ifd ifd0 = new ExifBlocks.Ifd();
        ifd0.tags.add(exif.longTag(ExifBlocks.ORIENTATION, 7));

        assertThat(read(ExifBlocks.withApp1(JPEG, exif.tiff(ifd0)), ImageFormat.JPEG).orientation()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 9, 0xFFFF })
    void outOfRangeOrientationIsIgnored(int value) throws Exception {
        ExifBlocks exif = new ExifBlocks(true);
        ExifBlocks.Ifd ifd0 = new ExifBlocks.Ifd();
        ifd0.tags.add(exif.shortTag(ExifBlocks.ORIENTATION, value));

        assertThat(read(ExifBlocks.withApp1(JPEG, exif.tiff(ifd0)), ImageFormat.JPEG).orientation()).isEqualTo(1);
    }

    @Test
    void brokenExifBlocksGiveTheDefault() throws Exception {
        ExifBlocks exif = new ExifBlocks(true);
        byte[] good = exif.tiff(exif.camera(6, null));

        byte[] ifdPastTheEnd = good.clone();
        ifdPastTheEnd[4] = (byte) 0xF0;
        ifdPastTheEnd[5] = (byte) 0xFF;
        byte[] notTiff = good.clone();
        notTiff[0] = 'X';
        byte[] bigTiffMagic = good.clone();
        bigTiffMagic[2] = 43;
        byte[] truncated = Arrays.copyOf(good, 12);

        for (byte[] tiff : new byte[][] { ifdPastTheEnd, notTiff, bigTiffMagic, truncated, new byte[0] }) {
            assertThat(read(ExifBlocks.withApp1(JPEG, tiff), ImageFormat.JPEG)).isEqualTo(ImageHeaders.DEFAULT);
        }
        // and the renderer still decodes the image, unrotated
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ThumbnailRenderer.Result result = new ThumbnailRenderer().render(
                new ByteArrayInputStream(ExifBlocks.withApp1(JPEG, ifdPastTheEnd)), out);
        assertThat(result.orientation()).isEqualTo(1);
        assertThat(out.size()).isPositive();
    }

    @Test
    void tiffFileOrientationComesFromItsOwnIfd0() throws Exception {
        ExifBlocks exif = new ExifBlocks(false);

        assertThat(read(exif.tiff(exif.camera(4, null)), ImageFormat.TIFF)).isEqualTo(new ImageHeaders(4, false));
    }

    @Test
    void pngExifChunkWithExifPrefix() throws Exception {
        ExifBlocks exif = new ExifBlocks(true);
        byte[] png = TestImages.encode(TestImages.quadrants(40, 30, BufferedImage.TYPE_INT_RGB), "png");
        byte[] tiff = exif.tiff(exif.camera(8, null));
        byte[] block = new byte[6 + tiff.length];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, block, 0, 6);
        System.arraycopy(tiff, 0, block, 6, tiff.length);

        assertThat(read(withPngChunk(png, "eXIf", block), ImageFormat.PNG).orientation()).isEqualTo(8);
    }

    @Test
    void leavesTheStreamAtZeroInItsByteOrder() throws Exception {
        ExifBlocks exif = new ExifBlocks(true);
        byte[] jpeg = ExifBlocks.withApp1(JPEG, exif.tiff(exif.camera(6, null)));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
            ImageHeaders.read(in, ImageFormat.JPEG);

            assertThat(in.getStreamPosition()).isZero();
            assertThat(in.getByteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static ImageHeaders read(byte[] bytes, ImageFormat format) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return ImageHeaders.read(in, format);
        }
    }

    private static byte[] progressive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(TestImages.quadrants(64, 48, BufferedImage.TYPE_INT_RGB), null, null),
                    param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Offset of the first marker of this type, walking the segments before the scan. */
    private static int indexOfMarker(byte[] jpeg, int marker) {
        int i = 2;
        while (i + 4 < jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            if ((jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF);
        }
        throw new IllegalStateException("no marker " + Integer.toHexString(marker));
    }

    /** The PNG with a chunk inserted after IHDR. */
    private static byte[] withPngChunk(byte[] png, String type, byte[] data) {
        int ihdrEnd = 8 + 4 + 4 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, ihdrEnd);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        crc.update(name);
        crc.update(data);
        writeInt(out, data.length);
        out.writeBytes(name);
        out.writeBytes(data);
        writeInt(out, (int) crc.getValue());
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
