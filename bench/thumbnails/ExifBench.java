package dev.opendrive.thumbnails;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import dev.opendrive.thumbnails.legacy.LegacyImageHeaders;

/**
 * Cost of reading the headers before decoding (EXIF orientation + JPEG frame type): the production
 * {@link ImageHeaders} (TwelveMonkeys JPEGSegmentUtil + TIFFReader) against main's hand-written parser
 * (bench-only copy {@code legacy/LegacyImageHeaders}), interleaved in one JVM. The stream is created
 * once per input and cached in memory, as in the renderer, so only the parsing is timed. Prints one
 * JSON line per input: median thread-CPU ns (less skewed than wall time when the machine is shared)
 * and bytes allocated per read, for the new and the old parser.
 *
 * <pre>
 *   java dev.opendrive.thumbnails.ExifBench [ROUNDS] [MILLIS_PER_ROUND]
 * </pre>
 */
public final class ExifBench {

    interface Reader {
        int orientation(ImageInputStream in) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 500;
        byte[] plain = jpeg(false);
        ExifBlocks le = new ExifBlocks(true);
        ExifBlocks be = new ExifBlocks(false);
        String[] names = { "camera-exif-60KB-le", "camera-exif-60KB-be-progressive", "one-tag-exif", "no-exif" };
        byte[][] inputs = {
                ExifBlocks.withApp1(plain, le.tiff(le.camera(6, null))),
                ExifBlocks.withApp1(jpeg(true), be.tiff(be.camera(8, null))),
                ExifBlocks.withApp1(plain, oneTag(le)),
                plain,
        };
        Reader library = in -> ImageHeaders.read(in, ImageFormat.JPEG).orientation();
        Reader handWritten = in -> LegacyImageHeaders.read(in, ImageFormat.JPEG).orientation();
        for (int i = 0; i < inputs.length; i++) {
            try (ImageInputStream in = cached(inputs[i])) {
                ImageHeaders n = ImageHeaders.read(in, ImageFormat.JPEG);
                LegacyImageHeaders o = LegacyImageHeaders.read(in, ImageFormat.JPEG);
                if (n.orientation() != o.orientation() || n.fullFrameDecode() != o.fullFrameDecode()) {
                    throw new IllegalStateException(names[i] + ": " + n + " vs " + o);
                }
            }
        }
        for (int i = 0; i < inputs.length; i++) {
            List<double[]> newRuns = new ArrayList<>();
            List<double[]> oldRuns = new ArrayList<>();
            try (ImageInputStream in = cached(inputs[i])) {
                measure(in, library, 300); // warm-up
                measure(in, handWritten, 300);
                for (int r = 0; r < rounds; r++) { // alternate which one goes first
                    if (r % 2 == 0) {
                        newRuns.add(measure(in, library, millis));
                        oldRuns.add(measure(in, handWritten, millis));
                    } else {
                        oldRuns.add(measure(in, handWritten, millis));
                        newRuns.add(measure(in, library, millis));
                    }
                }
            }
            double[] n = median(newRuns);
            double[] o = median(oldRuns);
            System.out.printf("{\"input\":\"%s\",\"bytes\":%d,\"new_cpu_ns\":%.0f,\"old_cpu_ns\":%.0f,\"new_alloc\":%.0f,"
                    + "\"old_alloc\":%.0f}%n", names[i], inputs[i].length, n[0], o[0], n[1], o[1]);
        }
    }

    /** {thread-CPU ns per read, bytes allocated per read} over about {@code millis} of wall time. */
    static double[] measure(ImageInputStream in, Reader reader, long millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000;
        long allocated = allocatedBytes();
        long start = cpuNanos();
        long n = 0;
        int sink = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 64; i++) {
                sink += reader.orientation(in);
            }
            n += 64;
        }
        long ns = cpuNanos() - start;
        allocated = allocatedBytes() - allocated;
        if (sink == 42) {
            System.out.print("");
        }
        return new double[] { (double) ns / n, (double) allocated / n };
    }

    static double[] median(List<double[]> runs) {
        double[] ns = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
        double[] alloc = runs.stream().mapToDouble(r -> r[1]).sorted().toArray();
        return new double[] { ns[ns.length / 2], alloc[alloc.length / 2] };
    }

    static ImageInputStream cached(byte[] bytes) throws IOException {
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        in.seek(bytes.length - 1); // everything cached, as after the renderer's first pass
        in.seek(0);
        return in;
    }

    static byte[] oneTag(ExifBlocks exif) {
        ExifBlocks.Ifd ifd0 = new ExifBlocks.Ifd();
        ifd0.tags.add(exif.shortTag(ExifBlocks.ORIENTATION, 6));
        return exif.tiff(ifd0);
    }

    static byte[] jpeg(boolean progressive) throws IOException {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
