import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import com.twelvemonkeys.image.ResampleOp;

import dev.opendrive.thumbnails.ThumbnailRenderer;
import dev.opendrive.thumbnails.legacy.LegacyThumbnailRenderer;

/**
 * Thumbnail throughput of OpenDrive's renderer (the production class, unchanged) on the same JPEG
 * files the sharp script reads. A timed benchmark with warm-up, not a test.
 *
 * <pre>
 *   java ThumbnailBench generate DIR COUNT WIDTH HEIGHT PREFIX   # photo-like JPEGs, quality 0.9, 4:2:0
 *   java ThumbnailBench run DIR SECONDS [IMPL]                    # prints one JSON line
 * </pre>
 * IMPL: {@code new} (default: the production {@link ThumbnailRenderer}), {@code old} (main's
 * hand-written EXIF parser and resampling before the thumbs branch, a bench-only copy in
 * {@code legacy/}), {@code lib-all} / {@code lib-lanczos} (that copy with TwelveMonkeys' ResampleOp,
 * triangle or Lanczos filter, doing the whole downscale instead of the 2:1 steps), {@code java2d-all}
 * (that copy with a bilinear Java2D draw for every step, the 2:1 ones included).
 */
public class ThumbnailBench {

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args[5]);
            case "run" -> run(Path.of(args[1]), Double.parseDouble(args[2]), args.length > 3 ? args[3] : "new");
            default -> throw new IllegalArgumentException("generate | run");
        }
    }

    // ---- inputs --------------------------------------------------------------------------------

    static void generate(Path dir, int count, int width, int height, String prefix) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("%s-%02d.jpg", prefix, i));
            if (Files.exists(file)) {
                continue;
            }
            byte[] jpeg = jpeg(photo(width, height, 1000 + i + width), 0.9f);
            Files.write(file, jpeg);
            System.err.printf("generated %s (%dx%d, %.1f MB)%n", file, width, height, jpeg.length / 1e6);
        }
    }

    /** Sky-like gradient, lit blobs, hard-edged shapes, thin lines and sensor-like noise. */
    static BufferedImage photo(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(40 + random.nextInt(60), 90 + random.nextInt(60), 170),
                width * 0.3f, height, new Color(200 + random.nextInt(50), 170, 90 + random.nextInt(60))));
        g.fillRect(0, 0, width, height);
        int unit = Math.max(width, height);
        for (int i = 0; i < 40; i++) {
            float r = unit * (0.03f + random.nextFloat() * 0.15f);
            float x = random.nextInt(width);
            float y = random.nextInt(height);
            Color c = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 200);
            g.setPaint(new RadialGradientPaint(x, y, r, new float[] { 0f, 1f },
                    new Color[] { c, new Color(c.getRed() / 3, c.getGreen() / 3, c.getBlue() / 3, 0) }));
            g.fillOval((int) (x - r), (int) (y - r), (int) (2 * r), (int) (2 * r));
        }
        for (int i = 0; i < 80; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 180));
            int w = unit / 40 + random.nextInt(unit / 8);
            int h = unit / 40 + random.nextInt(unit / 8);
            if (i % 3 == 0) {
                g.fillRect(random.nextInt(width), random.nextInt(height), w, h);
            } else if (i % 3 == 1) {
                g.fillOval(random.nextInt(width), random.nextInt(height), w, h);
            } else {
                g.setStroke(new BasicStroke(1 + random.nextInt(6)));
                g.drawLine(random.nextInt(width), random.nextInt(height), random.nextInt(width),
                        random.nextInt(height));
            }
        }
        g.dispose();
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            int v = (data[i] & 0xFF) + random.nextInt(25) - 12;
            data[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image, float quality) throws IOException {
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
    }

    // ---- measurement ---------------------------------------------------------------------------

    /** One renderer under test: reads the image bytes, writes the thumbnail. */
    interface Renderer {
        void render(ByteArrayInputStream in, long size, ByteArrayOutputStream out) throws Exception;
    }

    static Renderer renderer(String impl) {
        return switch (impl) {
            case "new" -> {
                ThumbnailRenderer r = new ThumbnailRenderer();
                yield (in, size, out) -> r.render(in, size, out);
            }
            case "old" -> legacy(-1);
            case "lib-all" -> legacy(ResampleOp.FILTER_TRIANGLE);
            case "lib-lanczos" -> legacy(ResampleOp.FILTER_LANCZOS);
            case "java2d-all" -> legacy(LegacyThumbnailRenderer.JAVA2D_STEPS);
            default -> throw new IllegalArgumentException("IMPL: new | old | lib-all | lib-lanczos | java2d-all");
        };
    }

    private static Renderer legacy(int filter) {
        LegacyThumbnailRenderer r = new LegacyThumbnailRenderer(ThumbnailRenderer.DEFAULT_MAX_PIXELS, filter);
        return (in, size, out) -> r.render(in, size, out);
    }

    static void run(Path dir, double seconds, String impl) throws Exception {
        List<byte[]> images = load(dir, "photo-");
        List<byte[]> big = load(dir, "big-");
        Renderer renderer = renderer(impl);

        long warmUntil = System.nanoTime() + (long) (Math.min(seconds, 5) * 1e9);
        int warm = 0;
        while (System.nanoTime() < warmUntil || warm < 2 * images.size()) {
            render(renderer, images.get(warm++ % images.size()));
        }
        double[] one = throughput(renderer, images, 1, seconds);
        double[] two = throughput(renderer, images, 2, seconds);
        double bigMs = Double.NaN;
        if (!big.isEmpty()) {
            render(renderer, big.get(0));
            double[] ms = new double[5];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                render(renderer, big.get(i % big.size()));
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            bigMs = ms[ms.length / 2];
        }
        System.out.printf("{\"impl\":\"java-%s\",\"images\":%d,\"warmup\":%d,\"t1\":%.2f,\"t2\":%.2f,"
                + "\"cpu1_ms\":%.1f,\"cpu2_ms\":%.1f,\"big_ms\":%.1f,\"rss_mb\":%.0f,\"jdk\":\"%s\"}%n",
                impl, images.size(), warm, one[0], two[0], one[1], two[1], bigMs, peakRssMb(),
                System.getProperty("java.vm.name") + " " + Runtime.version());
    }

    /** {images per wall-clock second, process CPU milliseconds per image (GC and JIT included)}. */
    static double[] throughput(Renderer renderer, List<byte[]> images, int threads, double seconds)
            throws InterruptedException {
        long cpuStart = processCpuNanos();
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(threads);
        long start = System.nanoTime();
        long[] stop = new long[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        render(renderer, images.get((int) (next.getAndIncrement() % images.size())));
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    stop[id] = System.nanoTime();
                    finished.countDown();
                }
            });
            thread.start();
        }
        finished.await();
        long last = Arrays.stream(stop).max().orElse(end);
        long cpu = processCpuNanos() - cpuStart;
        return new double[] { done.get() / ((last - start) / 1e9), cpu / 1e6 / done.get() };
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void render(Renderer renderer, byte[] jpeg) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        renderer.render(new ByteArrayInputStream(jpeg), jpeg.length, out);
        if (out.size() < 1000) {
            throw new IllegalStateException("suspiciously small thumbnail");
        }
    }

    static List<byte[]> load(Path dir, String prefix) throws IOException {
        List<byte[]> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                images.add(Files.readAllBytes(p));
            }
        }
        return images;
    }

    static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
