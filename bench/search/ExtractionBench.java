import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.opendrive.model.search.Tokenizer;
import dev.opendrive.searchindexer.Documents;

/**
 * Text extraction: the search indexer's current ContentExtractor ("new") against the hand-written
 * one it replaced ("old", compiled from git into package {@code old}) and against the variant that
 * used a Tika parser for every format ("tika", compiled from git into package {@code alltika}),
 * same files, same JVM, interleaved. See bench/search/extraction.sh and docs/benchmarks.md.
 *
 * <pre>
 *   generate DIR                       writes the corpus
 *   run DIR SECONDS ROUNDS CAP         throughput, both implementations, alternating order per round
 *   memory old|new|tika FILE CAP       one extraction in this JVM: peak heap, peak RSS
 *   cold old|new|tika DIR CAP          first extraction of each file in a fresh JVM (class loading, init)
 *   charsets                           Tika's default charset detection against the documented rule
 * </pre>
 */
public class ExtractionBench {

    /** File name, MIME type (as the API's sniffer names it). */
    static final String[][] CORPUS = {
            { "text-utf8.txt", "text/plain" },
            { "text-1252.txt", "text/plain" },
            { "page.html", "text/html" },
            { "data.xml", "application/xml" },
            { "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
            { "sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
            { "slides.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
            { "report.odt", "application/vnd.oasis.opendocument.text" },
            { "report.pdf", "application/pdf" },
    };

    interface Impl {
        /** Extracted text, and whether it was truncated, or null with the skip reason. */
        String[] extract(byte[] data, String mime) throws IOException;
    }

    static Impl impl(String name, int cap) {
        if (name.equals("old")) {
            old.ContentExtractor x = new old.ContentExtractor(cap);
            return (data, mime) -> {
                old.Extraction e = x.extract(new ByteArrayInputStream(data), mime);
                return new String[] { e.text(), String.valueOf(e.truncated()), e.skipped() };
            };
        }
        if (name.equals("tika")) {
            alltika.ContentExtractor x = new alltika.ContentExtractor(cap);
            return (data, mime) -> {
                alltika.Extraction e = x.extract(new ByteArrayInputStream(data), mime);
                return new String[] { e.text(), String.valueOf(e.truncated()), e.skipped() };
            };
        }
        dev.opendrive.searchindexer.ContentExtractor x = new dev.opendrive.searchindexer.ContentExtractor(cap);
        return (data, mime) -> {
            dev.opendrive.searchindexer.Extraction e = x.extract(new ByteArrayInputStream(data), mime);
            return new String[] { e.text(), String.valueOf(e.truncated()), e.skipped() };
        };
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]));
            case "run" -> run(Path.of(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "memory" -> memory(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            case "cold" -> cold(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            case "charsets" -> charsets();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // ---------------------------------------------------------------- corpus

    static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or his "
            + "from at which but have an they you were her she there been one all we their has would when "
            + "contract invoice quarterly revenue müller crème brûlée zürich façade naïve garçon déjà "
            + "coöperate señor año über straße œuvre résumé café élève forêt île hôtel "
            + "projectPlan2024 total_amount customerName report v2").split(" ");

    static String sentence(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 6 + r.nextInt(14);
        for (int i = 0; i < n; i++) {
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            if (i + 1 < n) {
                sb.append(r.nextInt(12) == 0 ? ", " : " ");
            }
        }
        return sb.append(r.nextInt(10) == 0 ? " – “5 €”." : ".").toString();
    }

    static String prose(Random r, int chars) {
        StringBuilder sb = new StringBuilder(chars + 200);
        while (sb.length() < chars) {
            int n = 2 + r.nextInt(6);
            for (int i = 0; i < n; i++) {
                sb.append(sentence(r)).append(' ');
            }
            sb.append("\n\n");
        }
        return sb.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static void generate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(42);
        String text = prose(r, 8_000_000);
        Files.writeString(dir.resolve("text-utf8.txt"), text, StandardCharsets.UTF_8);
        Files.write(dir.resolve("text-1252.txt"), text.getBytes(Charset.forName("windows-1252")));

        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Quarterly report &amp; figures</title><style>body{font:14px sans-serif}.x{color:red}</style>"
                + "<script>var config = {a: 1, b: \"<p>not text</p>\"}; function f(a, b) { return a < b; }</script>"
                + "</head><body><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/about\">About</a></li></ul></nav>\n");
        int section = 0;
        while (html.length() < 2_000_000) {
            html.append("<section id=\"s").append(section).append("\"><h2>Section ").append(section++)
                    .append("</h2>\n");
            for (int i = 0; i < 8; i++) {
                String s = esc(sentence(r));
                int cut = s.indexOf(' ');
                html.append("<div class=\"para\"><p>").append(s, 0, Math.max(cut, 0)).append(" <b>")
                        .append(esc(sentence(r))).append("</b> <a href=\"https://example.com/p?a=1&amp;b=2\" title=\"t\">")
                        .append(esc(sentence(r))).append("</a>&nbsp;").append(s.substring(Math.max(cut, 0)))
                        .append(" &eacute;t&eacute; &#8212; &euro;</p></div>\n");
            }
            html.append("<table><tr><td>").append(r.nextInt(1000)).append("</td><td>").append(esc(sentence(r)))
                    .append("</td></tr></table><script>track(").append(section).append(");</script></section>\n");
        }
        html.append("</body></html>\n");
        Files.writeString(dir.resolve("page.html"), html, StandardCharsets.UTF_8);

        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<records>\n");
        int id = 0;
        while (xml.length() < 8_000_000) {
            xml.append("  <record id=\"").append(id++).append("\">\n    <name>").append(esc(sentence(r)))
                    .append("</name>\n    <city>").append(WORDS[r.nextInt(WORDS.length)]).append("</city>\n    <amount>")
                    .append(r.nextInt(100_000)).append(".").append(r.nextInt(100)).append("</amount>\n    <note><![CDATA[")
                    .append(sentence(r)).append(" <raw>]]></note>\n  </record>\n");
        }
        xml.append("</records>\n");
        Files.writeString(dir.resolve("data.xml"), xml, StandardCharsets.UTF_8);

        StringBuilder body = new StringBuilder();
        for (int p = 0; p < 6000; p++) {
            body.append("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>");
            String s = esc(sentence(r));
            int cut = s.length() / 2;
            body.append("<w:r><w:t xml:space=\"preserve\">").append(s, 0, cut).append("</w:t></w:r>")
                    .append("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">").append(s.substring(cut))
                    .append("</w:t></w:r><w:r><w:tab/><w:t>").append(esc(sentence(r))).append("</w:t></w:r></w:p>\n");
        }
        Files.write(dir.resolve("report.docx"),
                Documents.docx(body.toString(), "<w:p><w:r><w:t>Confidential footer</w:t></w:r></w:p>"));

        StringBuilder strings = new StringBuilder();
        StringBuilder rows = new StringBuilder();
        int nStrings = 5000;
        for (int i = 0; i < nStrings; i++) {
            strings.append("<si><t>").append(esc(sentence(r))).append("</t></si>");
        }
        for (int row = 1; row <= 20000; row++) {
            rows.append("<row r=\"").append(row).append("\"><c r=\"A").append(row).append("\" t=\"s\"><v>")
                    .append(r.nextInt(nStrings)).append("</v></c><c r=\"B").append(row).append("\"><v>")
                    .append(r.nextInt(100000)).append("</v></c><c r=\"C").append(row).append("\" t=\"s\"><v>")
                    .append(r.nextInt(nStrings)).append("</v></c></row>");
        }
        Files.write(dir.resolve("sheet.xlsx"), Documents.xlsx(strings.toString(), rows.toString()));

        List<Object> slides = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            slides.add(i);
            slides.add(Documents.shape(esc(sentence(r))) + Documents.shape(esc(sentence(r)), esc(sentence(r)),
                    esc(sentence(r))));
        }
        Files.write(dir.resolve("slides.pptx"), Documents.pptx(slides.toArray()));

        StringBuilder odt = new StringBuilder();
        for (int p = 0; p < 6000; p++) {
            odt.append("<text:p text:style-name=\"P1\">").append(esc(sentence(r))).append("<text:s/><text:span>")
                    .append(esc(sentence(r))).append("</text:span><text:tab/>").append(esc(sentence(r)))
                    .append("</text:p>\n");
        }
        Files.write(dir.resolve("report.odt"), Documents.odt(odt.toString()));

        String[] pages = new String[100];
        for (int p = 0; p < pages.length; p++) {
            StringBuilder page = new StringBuilder();
            for (int line = 0; line < 55; line++) {
                StringBuilder l = new StringBuilder();
                while (l.length() < 90) {
                    l.append(WORDS[r.nextInt(WORDS.length)].replace('ö', 'o').replace('œ', 'o')).append(' ');
                }
                page.append(l.toString().trim()).append('\n');
            }
            pages[p] = page.toString();
        }
        Files.write(dir.resolve("report.pdf"), Documents.pdf(pages));
        for (String[] f : CORPUS) {
            System.out.printf(Locale.ROOT, "%-14s %8.2f MB%n", f[0], Files.size(dir.resolve(f[0])) / 1e6);
        }
    }

    // ---------------------------------------------------------------- throughput

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static void run(Path dir, double seconds, int rounds, int cap) throws Exception {
        Map<String, Impl> impls = new LinkedHashMap<>();
        for (String name : List.of("old", "new", "tika")) {
            impls.put(name, impl(name, cap));
        }
        System.out.printf(Locale.ROOT, "cap %,d chars, %.1f s per file and implementation, %d rounds%n", cap, seconds,
                rounds);
        System.out.println("MB/s, files/s: input per wall-clock second (best round); CPU: process CPU ms per file (all"
                + " threads, GC and JIT included; lowest round); alloc: MB allocated per file; x old: against old");
        System.out.printf(Locale.ROOT, "%-13s %6s %-4s | %8s %8s %8s %7s | %7s %7s | %s%n", "file", "MB", "impl",
                "MB/s", "files/s", "CPU ms", "alloc", "speed", "CPU", "same words as old? (chars, truncated)");
        for (String[] f : CORPUS) {
            byte[] data = Files.readAllBytes(dir.resolve(f[0]));
            Map<String, double[]> best = new LinkedHashMap<>();
            Map<String, String[]> results = new LinkedHashMap<>();
            for (String name : impls.keySet()) {
                results.put(name, impls.get(name).extract(data, f[1])); // warm-up
                impls.get(name).extract(data, f[1]);
            }
            for (int round = 0; round < rounds; round++) {
                List<String> order = new ArrayList<>(impls.keySet());
                java.util.Collections.rotate(order, round);
                for (String name : order) {
                    Impl impl = impls.get(name);
                    long deadline = System.nanoTime() + (long) (seconds * 1e9);
                    long start = System.nanoTime();
                    long alloc0 = allocated();
                    long cpu0 = processCpuNanos();
                    int n = 0;
                    do {
                        impl.extract(data, f[1]);
                        n++;
                    } while (System.nanoTime() < deadline);
                    double s = (System.nanoTime() - start) / 1e9;
                    double filesPerS = n / s;
                    double allocPerFile = (allocated() - alloc0) / 1e6 / n;
                    double cpuMsPerFile = (processCpuNanos() - cpu0) / 1e6 / n;
                    double[] b = best.get(name);
                    if (b == null) {
                        best.put(name, new double[] { filesPerS, allocPerFile, cpuMsPerFile });
                    } else {
                        b[0] = Math.max(b[0], filesPerS);
                        b[2] = Math.min(b[2], cpuMsPerFile);
                    }
                }
            }
            double mb = data.length / 1e6;
            double[] o = best.get("old");
            for (String name : impls.keySet()) {
                double[] x = best.get(name);
                System.out.printf(Locale.ROOT, "%-13s %6.2f %-4s | %8.1f %8.2f %8.1f %7.1f | %6.2fx %6.2fx | %s%n",
                        name.equals("old") ? f[0] : "", mb, name, x[0] * mb, x[0], x[2], x[1], x[0] / o[0], o[2] / x[2],
                        name.equals("old") ? "" : compare(results.get("old"), results.get(name)));
            }
        }
    }

    /** Whether both indexed the same words (the Tokenizer's index tokens), and the text sizes. */
    static String compare(String[] a, String[] b) {
        if (a[2] != null || b[2] != null) {
            return "skipped: " + a[2] + " -> " + b[2];
        }
        Set<String> ta = new LinkedHashSet<>(Tokenizer.indexTokens(a[0]));
        Set<String> tb = new LinkedHashSet<>(Tokenizer.indexTokens(b[0]));
        Set<String> onlyA = new LinkedHashSet<>(ta);
        onlyA.removeAll(tb);
        Set<String> onlyB = new LinkedHashSet<>(tb);
        onlyB.removeAll(ta);
        String words = onlyA.isEmpty() && onlyB.isEmpty() ? "same " + ta.size() + " words"
                : ta.size() + " -> " + tb.size() + " words, lost " + first(onlyA) + ", new " + first(onlyB);
        return words + "; " + a[0].length() + " -> " + b[0].length() + " chars"
                + (a[1].equals(b[1]) ? "" : "; truncated " + a[1] + " -> " + b[1]);
    }

    static String first(Set<String> s) {
        return s.size() + (s.isEmpty() ? "" : " " + s.stream().limit(5).toList());
    }

    // ---------------------------------------------------------------- memory and cold start

    static void memory(String name, Path file, int cap) throws Exception {
        String mime = mimeOf(file.getFileName().toString());
        byte[] data = Files.readAllBytes(file);
        Impl impl = impl(name, cap);
        System.gc();
        long base = heapUsed();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        String[] r = impl.extract(data, mime);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT,
                "{\"impl\":\"%s\",\"file\":\"%s\",\"mb\":%.2f,\"ms\":%d,\"heap_base_mb\":%.1f,\"heap_peak_mb\":%.1f,\"rss_peak_mb\":%.1f,\"chars\":%d,\"truncated\":%s,\"skipped\":%s}%n",
                name, file.getFileName(), data.length / 1e6, ms, base / 1e6, peak / 1e6, vmHwm() / 1024.0,
                r[0].length(), r[1], r[2] == null ? "null" : "\"" + r[2] + "\"");
    }

    static void cold(String name, Path dir, int cap) throws Exception {
        long t0 = System.nanoTime();
        Impl impl = impl(name, cap);
        StringBuilder sb = new StringBuilder("{\"impl\":\"" + name + "\"");
        sb.append(String.format(Locale.ROOT, ",\"construct_ms\":%.1f", (System.nanoTime() - t0) / 1e6));
        for (String[] f : CORPUS) {
            byte[] data = Files.readAllBytes(dir.resolve(f[0]));
            long t = System.nanoTime();
            impl.extract(data, f[1]);
            long first = System.nanoTime() - t;
            t = System.nanoTime();
            impl.extract(data, f[1]);
            long second = System.nanoTime() - t;
            sb.append(String.format(Locale.ROOT, ",\"%s\":[%.0f,%.0f]", f[0], first / 1e6, second / 1e6));
        }
        sb.append(String.format(Locale.ROOT, ",\"total_ms\":%.0f,\"classes\":%d,\"rss_peak_mb\":%.1f}",
                (System.nanoTime() - t0) / 1e6, ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(),
                vmHwm() / 1024.0));
        System.out.println(sb);
    }

    static String mimeOf(String file) {
        for (String[] f : CORPUS) {
            if (f[0].equals(file)) {
                return f[1];
            }
        }
        if (file.endsWith(".html")) {
            return "text/html";
        }
        if (file.endsWith(".xml")) {
            return "application/xml";
        }
        return "text/plain";
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long vmHwm() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- charset detection

    static void charsets() throws Exception {
        String t = "Crème brûlée à Zürich";
        Object[][] cases = {
                { "UTF-8, no BOM", t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8 },
                { "UTF-16LE, no BOM", t.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE },
                { "UTF-16BE, no BOM", t.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.UTF_16BE },
                { "windows-1252", t.getBytes(Charset.forName("windows-1252")), Charset.forName("windows-1252") },
                { "windows-1252 with € and “”", "Prix: 5€ – “net” façade".getBytes(Charset.forName("windows-1252")),
                        Charset.forName("windows-1252") },
                { "ASCII, short", "Hello world".getBytes(StandardCharsets.US_ASCII), StandardCharsets.UTF_8 },
        };
        List<org.apache.tika.detect.EncodingDetector> detectors = List.of(
                new org.apache.tika.parser.txt.UniversalEncodingDetector(),
                new org.apache.tika.parser.txt.Icu4jEncodingDetector(),
                new org.apache.tika.detect.DefaultEncodingDetector());
        System.out.printf("%-28s | %-22s | %-14s | %-14s | %-14s | %s%n", "input", "documented rule", "Universal",
                "ICU4J", "Tika default", "decoded by Tika default");
        for (Object[] c : cases) {
            byte[] bytes = (byte[]) c[1];
            List<String> found = new ArrayList<>();
            Charset last = null;
            for (var d : detectors) {
                last = d.detect(new java.io.BufferedInputStream(new ByteArrayInputStream(bytes)),
                        new org.apache.tika.metadata.Metadata());
                found.add(String.valueOf(last));
            }
            String decoded = last == null ? "-" : new String(bytes, last);
            String ours = new dev.opendrive.searchindexer.ContentExtractor(1000)
                    .extract(new ByteArrayInputStream(bytes), "text/plain").text();
            System.out.printf("%-28s | %-22s | %-14s | %-14s | %-14s | %s%n", c[0],
                    c[2] + (ours.equals(new String(bytes, (Charset) c[2]).trim()) ? " ok" : " FAIL"), found.get(0),
                    found.get(1), found.get(2), decoded.replaceAll("\\p{Cntrl}", "?"));
        }
    }
}
