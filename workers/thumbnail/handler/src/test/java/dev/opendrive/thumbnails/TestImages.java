package dev.opendrive.thumbnails;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Test images made in code: no binary fixtures except tiny WebPs (no WebP encoder in ImageIO). */
final class TestImages {

    static final Color RED = new Color(255, 0, 0);
    static final Color GREEN = new Color(0, 255, 0);
    static final Color BLUE = new Color(0, 0, 255);
    static final Color YELLOW = new Color(255, 255, 0);

    /** 64x48 lossy WebP: quadrants red (top-left), green (top-right), blue, yellow. Made with sharp. */
    static final String WEBP_LOSSY = "UklGRoQAAABXRUJQVlA4IHgAAADQBQCdASpAADAAPjESh0KiIQyqABABglAGZmtn8A/ADXyuAfgB+tf8Ar/wHie9+JmWzJdW6VAAAP73ohQBs/301sTje9l/wnVXmPKRdUHe/5aA2F9sv/oDmQf8mrrY9+4W+Mrf9JM///UfrAsisqttiYGdNVIAAAA=";
    /** The same quadrants, lossless (VP8L). */
    static final String WEBP_LOSSLESS = "UklGRjoAAABXRUJQVlA4TC0AAAAvP8ALAB8gEEjaH3qN+RcQFPk/2vwHXySASIDEk570pIlOjOj/BByLvgWHvgEA";
    /** 64x48 transparent WebP (VP8X + ALPH) with an opaque red 32x24 rectangle in the middle. */
    static final String WEBP_ALPHA = "UklGRoYAAABXRUJQVlA4WAoAAAAQAAAAPwAALwAAQUxQSBcAAAABDzD/ERGCTBhC/9IrgDui/xOQgfBdewBWUDggSAAAAPADAJ0BKkAAMAA+MRiLRCIhoRFUACADBLOAOwB+AH4AABmNF/CEj0gA/veil//9jMftGf5JX//8GY/gzH8GY/+E9VYipgAAAA==";
    /** The lossy quadrants with an EXIF chunk saying orientation 6 (and an sRGB ICC chunk). */
    static final String WEBP_ORIENTED_6 = "UklGRkADAABXRUJQVlA4WAoAAAAoAAAAPwAALwAASUNDUOABAAAAAAHgbGNtcwQgAABtbnRyUkdCIFhZWiAH4gADABQACQAOAB1hY3NwTVNGVAAAAABzYXdzY3RybAAAAAAAAAAAAAAAAAAA9tYAAQAAAADTLWhhbmR56b9WWj4BtoMjhVVG90+qAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAApkZXNjAAAA/AAAACRjcHJ0AAABIAAAACJ3dHB0AAABRAAAABRjaGFkAAABWAAAACxyWFlaAAABhAAAABRnWFlaAAABmAAAABRiWFlaAAABrAAAABRyVFJDAAABwAAAACBnVFJDAAABwAAAACBiVFJDAAABwAAAACBtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAYAAAAcAEMAQwAwAABYWVogAAAAAAAA9tYAAQAAAADTLXNmMzIAAAAAAAEMPwAABd3///MmAAAHkAAA/ZL///uh///9ogAAA9wAAMBxWFlaIAAAAAAAAG+gAAA48gAAA49YWVogAAAAAAAAYpYAALeJAAAY2lhZWiAAAAAAAAAkoAAAD4UAALbEcGFyYQAAAAAAAwAAAAJmaQAA8qcAAA1ZAAAT0AAACltWUDggeAAAANAFAJ0BKkAAMAA+MRKHQqIhDKoAEAGCUAZma2fwD8ANfK4B+AH61/wCv/AeJ734mZbMl1bpUAAA/veiFAGz/fTWxON72X/CdVeY8pF1Qd7/loDYX2y/+gOZB/yautj37hb4yt/0kz//9R+sCyKyq22JgZ01UgAAAEVYSUa6AAAARXhpZgAASUkqAAgAAAAGABIBAwABAAAABgAAABoBBQABAAAAVgAAABsBBQABAAAAXgAAACgBAwABAAAAAgAAABMCAwABAAAAAQAAAGmHBAABAAAAZgAAAAAAAAA4YwAA6AMAADhjAADoAwAABgAAkAcABAAAADAyMTABkQcABAAAAAECAwAAoAcABAAAADAxMDABoAMAAQAAAP//AAACoAQAAQAAAEAAAAADoAQAAQAAADAAAAAAAAAA";

    private TestImages() {
    }

    static byte[] base64(String data) {
        return Base64.getDecoder().decode(data);
    }

    /** Quadrants: red top-left, green top-right, blue bottom-left, yellow bottom-right. */
    static BufferedImage quadrants(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(RED);
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(GREEN);
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        g.setColor(BLUE);
        g.fillRect(0, height / 2, width / 2, height - height / 2);
        g.setColor(YELLOW);
        g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    /** Three equal bands along the long side: red, green, blue. */
    static BufferedImage bands(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Color[] colors = { RED, GREEN, BLUE };
        for (int i = 0; i < 3; i++) {
            g.setColor(colors[i]);
            if (width >= height) {
                g.fillRect(i * width / 3, 0, width / 3 + 1, height);
            } else {
                g.fillRect(0, i * height / 3, width, height / 3 + 1);
            }
        }
        g.dispose();
        return image;
    }

    /** A photo-like picture: gradients, shapes and noise (JPEG-encodes like a real photo). */
    static BufferedImage photoLike(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(230, 180, 90)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 60; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 160));
            int w = width / 20 + random.nextInt(width / 5);
            int h = height / 20 + random.nextInt(height / 5);
            if (i % 2 == 0) {
                g.fillOval(random.nextInt(width), random.nextInt(height), w, h);
            } else {
                g.fillRect(random.nextInt(width), random.nextInt(height), w, h);
            }
        }
        g.dispose();
        byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i += 7) {
            data[i] = (byte) Math.max(0, Math.min(255, (data[i] & 0xFF) + random.nextInt(41) - 20));
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format + " and " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Encodes with the JDK's own writer for the format (e.g. its TIFF writer writes 16-bit samples). */
    static byte[] encodeWithJdkWriter(BufferedImage image, String format) {
        try {
            java.util.Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
            while (writers.hasNext()) {
                ImageWriter writer = writers.next();
                if (!writer.getClass().getName().startsWith("com.sun.imageio.")) {
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(image);
                } finally {
                    writer.dispose();
                }
                return out.toByteArray();
            }
            throw new IllegalStateException("no JDK writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.setOutput(ios);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts an APP1 "Exif" segment with IFD0 Orientation right after the JPEG's SOI marker. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        if (littleEndian) {
            tiff.writeBytes(new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0, // header, IFD0 at 8
                    2, 0, // two entries
                    0x0F, 0x01, 2, 0, 6, 0, 0, 0, 38, 0, 0, 0, // Make (ASCII, 6) at offset 38
                    0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0, // Orientation SHORT
                    0, 0, 0, 0 }); // no next IFD
        } else {
            tiff.writeBytes(new byte[] { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 2, //
                    0x01, 0x0F, 0, 2, 0, 0, 0, 6, 0, 0, 0, 38, //
                    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, //
                    0, 0, 0, 0 });
        }
        tiff.writeBytes("Test\0\0".getBytes(StandardCharsets.ISO_8859_1));
        byte[] payload = tiff.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        int length = 2 + 6 + payload.length;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** Inserts an "eXIf" chunk (little-endian TIFF, IFD0 Orientation) after the PNG's IHDR. */
    static byte[] withPngExifOrientation(byte[] png, int orientation) {
        try {
            byte[] tiff = { 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, //
                    0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0, //
                    0, 0, 0, 0 };
            int ihdrEnd = 8 + 4 + 4 + 13 + 4;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(png, 0, ihdrEnd);
            chunk(out, "eXIf", tiff);
            out.write(png, ihdrEnd, png.length - ihdrEnd);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid-looking PNG whose header claims width x height, with a tiny IDAT. */
    static byte[] pngBomb(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(ihdr);
            d.writeInt(width);
            d.writeInt(height);
            d.writeByte(8); // bit depth
            d.writeByte(2); // RGB
            d.writeByte(0);
            d.writeByte(0);
            d.writeByte(0);
            chunk(out, "IHDR", ihdr.toByteArray());
            Deflater deflater = new Deflater(9);
            deflater.setInput(new byte[4096]);
            deflater.finish();
            byte[] buffer = new byte[1024];
            int n = deflater.deflate(buffer);
            byte[] idat = new byte[n];
            System.arraycopy(buffer, 0, idat, 0, n);
            chunk(out, "IDAT", idat);
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
