import java.io.*;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.*;
import java.util.zip.*;

/**
 * What a ZIP download costs per entry in memory and per byte in CPU, with the JDK's ZipOutputStream
 * as the server uses it (see docs/benchmarks.md, "ZIP downloads").
 * Usage: java -Xmx512m -XX:+UseSerialGC bench/ZipLevels.java
 */
public class ZipLevels {
    record Entry(String path, String storageKey, String mimeType, long size, Instant modified) {}
    static long used() { for (int i = 0; i < 5; i++) System.gc(); Runtime r = Runtime.getRuntime(); return r.totalMemory() - r.freeMemory(); }

    public static void main(String[] a) throws Exception {
        int n = 100_000;
        long base = used();
        List<Entry> plan = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            plan.add(new Entry(new String("Photos/Day " + (i / 1000) + "/IMG_20240101_" + String.format("%06d", i) + ".jpg"),
                new String("files/6b150b8a67f4ddd6b386f10d/6b150b8c67f4ddd6b3" + String.format("%06x", i)), "image/jpeg", i, Instant.now()));
        }
        long planBytes = used() - base;
        ZipOutputStream zip = new ZipOutputStream(OutputStream.nullOutputStream());
        for (Entry e : plan) {
            ZipEntry z = new ZipEntry(e.path());
            z.setLastModifiedTime(FileTime.from(e.modified()));
            zip.putNextEntry(z);
            zip.closeEntry();
        }
        long zipBytes = used() - base - planBytes;
        System.out.printf("plan: %d B/entry, zip central directory state: %d B/entry%n", planBytes / n, zipBytes / n);
        zip.finish();

        // throughput: 256 MiB through ZipOutputStream, per level, random and text
        byte[] random = new byte[1 << 20]; new Random(1).nextBytes(random);
        StringBuilder sb = new StringBuilder();
        Random r = new Random(2);
        String[] words = "the of and report figure walrus census quarterly lorem ipsum dolor sit amet data value 2024 total".split(" ");
        while (sb.length() < (1 << 20)) { sb.append(words[r.nextInt(words.length)]).append(r.nextInt(10) == 0 ? ",\n" : " "); }
        byte[] text = sb.substring(0, 1 << 20).getBytes();
        for (String kind : List.of("random", "text")) {
            byte[] data = kind.equals("random") ? random : text;
            for (int level : new int[] {0, 1, 6}) {
                for (int round = 0; round < 2; round++) {
                    CountingOut out = new CountingOut();
                    ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(out, 65536));
                    z.setLevel(level);
                    long t0 = System.nanoTime();
                    z.putNextEntry(new ZipEntry("x"));
                    for (int i = 0; i < 256; i++) z.write(data);
                    z.closeEntry(); z.finish(); z.flush();
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (round == 1) System.out.printf("%s level %d: %.0f MiB/s, output %.1f%% of input%n", kind, level, 256 / s, 100.0 * out.n / (256L << 20));
                }
            }
        }
    }
    static class CountingOut extends OutputStream { long n; public void write(int b) { n++; } public void write(byte[] b, int o, int l) { n += l; } }
}
