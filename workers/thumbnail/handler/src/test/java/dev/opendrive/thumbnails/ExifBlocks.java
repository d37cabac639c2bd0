package dev.opendrive.thumbnails;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Builds camera-like EXIF (TIFF) structures for header tests: IFD0, EXIF, GPS and thumbnail IFDs. */
final class ExifBlocks {

    static final int ORIENTATION = 0x0112;
    static final short ASCII = 2;
    static final short SHORT = 3;
    static final short LONG = 4;
    static final short RATIONAL = 5;
    static final short UNDEFINED = 7;

    private final ByteOrder order;

    ExifBlocks(boolean littleEndian) {
        this.order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    record Tag(int id, short type, int count, byte[] value, Ifd sub) {
    }

    static final class Ifd {
        final List<Tag> tags = new ArrayList<>();
        Ifd next;
    }

    Tag ascii(int id, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        return new Tag(id, ASCII, bytes.length, bytes, null);
    }

    Tag shortTag(int id, int value) {
        return new Tag(id, SHORT, 1, buffer(2).putShort((short) value).array(), null);
    }

    Tag longTag(int id, long value) {
        return new Tag(id, LONG, 1, buffer(4).putInt((int) value).array(), null);
    }

    Tag rationals(int id, int... numeratorsAndDenominators) {
        ByteBuffer b = buffer(4 * numeratorsAndDenominators.length);
        for (int v : numeratorsAndDenominators) {
            b.putInt(v);
        }
        return new Tag(id, RATIONAL, numeratorsAndDenominators.length / 2, b.array(), null);
    }

    Tag undefined(int id, int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return new Tag(id, UNDEFINED, size, bytes, null);
    }

    Tag pointer(int id, Ifd sub) {
        return new Tag(id, LONG, 1, null, sub);
    }

    /**
     * A camera-like block of about 60 KB: IFD0 (make, model, resolution, dates, the orientation when
     * not null), an EXIF sub-IFD with ~30 tags and a 40 KB maker note, an interoperability IFD, a GPS
     * IFD, and IFD1 (thumbnail) with a 12 KB blob and {@code thumbnailOrientation} when not null.
     */
    Ifd camera(Integer orientation, Integer thumbnailOrientation) {
        Ifd ifd0 = new Ifd();
        ifd0.tags.add(ascii(0x010F, "OpenDrive Test Camera Corporation"));
        ifd0.tags.add(ascii(0x0110, "ODC-5000 Mark IV with a long model name"));
        if (orientation != null) {
            ifd0.tags.add(shortTag(ORIENTATION, orientation));
        }
        ifd0.tags.add(rationals(0x011A, 300, 1));
        ifd0.tags.add(rationals(0x011B, 300, 1));
        ifd0.tags.add(shortTag(0x0128, 2));
        ifd0.tags.add(ascii(0x0131, "Firmware 1.2.3 build 4567"));
        ifd0.tags.add(ascii(0x0132, "2026:11:30 12:34:56"));
        ifd0.tags.add(ascii(0x013B, "A Photographer"));
        ifd0.tags.add(shortTag(0x0213, 1));
        ifd0.tags.add(ascii(0x8298, "Copyright (c) 2026 A Photographer, all rights reserved"));

        Ifd exif = new Ifd();
        exif.tags.add(rationals(0x829A, 1, 250));
        exif.tags.add(rationals(0x829D, 28, 10));
        exif.tags.add(shortTag(0x8822, 3));
        exif.tags.add(shortTag(0x8827, 400));
        exif.tags.add(undefined(0x9000, 4, 1));
        exif.tags.add(ascii(0x9003, "2026:11:30 12:34:56"));
        exif.tags.add(ascii(0x9004, "2026:11:30 12:34:56"));
        exif.tags.add(ascii(0x9010, "+01:00"));
        exif.tags.add(undefined(0x9101, 4, 2));
        exif.tags.add(rationals(0x9201, 8, 1));
        exif.tags.add(rationals(0x9202, 3, 1));
        exif.tags.add(rationals(0x9204, 0, 3));
        exif.tags.add(rationals(0x9205, 3, 1));
        exif.tags.add(shortTag(0x9207, 5));
        exif.tags.add(shortTag(0x9209, 16));
        exif.tags.add(rationals(0x920A, 50, 1));
        exif.tags.add(undefined(0x927C, 40_000, 3)); // maker note
        exif.tags.add(undefined(0x9286, 2_000, 4)); // user comment
        exif.tags.add(ascii(0x9290, "123"));
        exif.tags.add(undefined(0xA000, 4, 5));
        exif.tags.add(shortTag(0xA001, 1));
        exif.tags.add(longTag(0xA002, 6000));
        exif.tags.add(longTag(0xA003, 4000));
        Ifd interop = new Ifd();
        interop.tags.add(ascii(0x0001, "R98"));
        interop.tags.add(undefined(0x0002, 4, 6));
        exif.tags.add(pointer(0xA005, interop));
        exif.tags.add(shortTag(0xA402, 0));
        exif.tags.add(shortTag(0xA403, 0));
        exif.tags.add(rationals(0xA404, 1, 1));
        exif.tags.add(shortTag(0xA405, 50));
        exif.tags.add(shortTag(0xA406, 0));
        exif.tags.add(ascii(0xA431, "0123456789"));
        exif.tags.add(rationals(0xA432, 24, 1, 70, 1, 28, 10, 28, 10));
        exif.tags.add(ascii(0xA434, "Test Zoom Lens 24-70mm f/2.8"));
        ifd0.tags.add(pointer(0x8769, exif));

        Ifd gps = new Ifd();
        gps.tags.add(undefined(0x0000, 4, 7));
        gps.tags.add(ascii(0x0001, "N"));
        gps.tags.add(rationals(0x0002, 48, 1, 51, 1, 2400, 100));
        gps.tags.add(ascii(0x0003, "E"));
        gps.tags.add(rationals(0x0004, 2, 1, 17, 1, 4000, 100));
        gps.tags.add(rationals(0x0006, 35, 1));
        gps.tags.add(rationals(0x0007, 12, 1, 34, 1, 56, 1));
        gps.tags.add(ascii(0x001D, "2026:11:30"));
        ifd0.tags.add(pointer(0x8825, gps));

        Ifd ifd1 = new Ifd();
        ifd1.tags.add(shortTag(0x0103, 6));
        if (thumbnailOrientation != null) {
            ifd1.tags.add(shortTag(ORIENTATION, thumbnailOrientation));
        }
        ifd1.tags.add(rationals(0x011A, 72, 1));
        ifd1.tags.add(rationals(0x011B, 72, 1));
        ifd1.tags.add(shortTag(0x0128, 2));
        ifd1.tags.add(longTag(0x0202, 12_000));
        ifd1.tags.add(undefined(0xC000, 12_000, 8)); // stands for the thumbnail JPEG's bytes
        ifd0.next = ifd1;
        return ifd0;
    }

    /** The TIFF structure: header, then IFD0 at offset 8. */
    byte[] tiff(Ifd ifd0) {
        ByteBuffer b = buffer(1 << 17);
        b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
        b.putShort((short) 42);
        b.putInt(8);
        write(b, ifd0);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static int write(ByteBuffer b, Ifd ifd) {
        int start = b.position();
        int n = ifd.tags.size();
        b.position(start + 2 + 12 * n + 4);
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            Tag tag = ifd.tags.get(i);
            if (tag.sub == null && tag.value.length > 4) {
                offsets[i] = b.position();
                b.put(tag.value);
                if ((b.position() & 1) == 1) {
                    b.put((byte) 0);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Tag tag = ifd.tags.get(i);
            if (tag.sub != null) {
                offsets[i] = write(b, tag.sub);
            }
        }
        int next = ifd.next == null ? 0 : write(b, ifd.next);
        int end = b.position();
        b.position(start);
        b.putShort((short) n);
        for (int i = 0; i < n; i++) {
            Tag tag = ifd.tags.get(i);
            b.putShort((short) tag.id);
            b.putShort(tag.type);
            b.putInt(tag.count);
            if (tag.sub == null && tag.value.length <= 4) {
                b.put(Arrays.copyOf(tag.value, 4));
            } else {
                b.putInt(offsets[i]);
            }
        }
        b.putInt(next);
        b.position(end);
        return start;
    }

    /** The JPEG with an APP1 "Exif" segment holding {@code tiff} inserted right after SOI. */
    static byte[] withApp1(byte[] jpeg, byte[] tiff) {
        return withSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff));
    }

    /** The JPEG with an APPn/other segment inserted right after SOI. */
    static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = payload.length + 2;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("segment too long: " + length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
