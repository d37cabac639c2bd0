package dev.opendrive.searchindexer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads the text of a file by its sniffed type, up to a cap of characters, streaming: plain text
 * and markup are decoded and stripped as they are read; PDF and Office documents need random
 * access and are first copied to a temporary file (never into memory).
 * <p>
 * An {@link IOException} means the bytes could not be read (storage trouble: worth a retry); a
 * file that was read but cannot be understood (corrupt, encrypted, unsupported) gives an
 * {@link Extraction#skipped} result instead.
 */
public final class ContentExtractor {

    /** How the text of a type is read. */
    public enum Kind {
        TEXT, HTML, XML, PDF, DOCX, PPTX, XLSX, OPENDOCUMENT, NONE
    }

    private static final Set<String> TEXT_APPLICATION_TYPES = Set.of("application/json", "application/ld+json",
            "application/x-ndjson", "application/javascript", "application/x-javascript", "application/ecmascript",
            "application/x-sh", "application/x-csh", "application/x-shellscript", "application/x-yaml",
            "application/yaml", "application/toml", "application/sql", "application/x-sql", "application/x-tex",
            "application/x-latex", "application/x-httpd-php", "application/x-perl", "application/x-ruby",
            "application/x-python", "application/x-python-code", "application/csv", "application/x-subrip",
            "application/mbox", "application/x-java-properties", "application/x-ini", "application/graphql");
    private static final Pattern SLIDE = Pattern.compile("ppt/(slides/slide|notesSlides/notesSlide)(\\d+)\\.xml");

    /** PDF text extraction time per file when none is configured. */
    public static final Duration DEFAULT_PDF_TIME_BUDGET = Duration.ofSeconds(60);

    private final int maxChars;
    private final long pdfBudgetNanos;
    private final LongSupplier nanoClock;

    public ContentExtractor(int maxChars) {
        this(maxChars, DEFAULT_PDF_TIME_BUDGET, System::nanoTime);
    }

    /**
     * @param pdfTimeBudget how long the pages of one PDF are read: a crafted PDF can make every page
     *        expensive, and one file must not hold the indexer for ever. The check runs between pages,
     *        so a single page can overrun it; what was read by then is kept (as truncated).
     */
    public ContentExtractor(int maxChars, Duration pdfTimeBudget, LongSupplier nanoClock) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        this.maxChars = maxChars;
        this.pdfBudgetNanos = pdfTimeBudget.toNanos();
        this.nanoClock = nanoClock;
    }

    public int maxChars() {
        return maxChars;
    }

    public static Kind kindOf(String mimeType) {
        if (mimeType == null) {
            return Kind.NONE;
        }
        String t = mimeType.toLowerCase(Locale.ROOT);
        int semicolon = t.indexOf(';');
        if (semicolon >= 0) {
            t = t.substring(0, semicolon).trim();
        }
        return switch (t) {
            case "text/html", "application/xhtml+xml" -> Kind.HTML;
            case "text/xml", "application/xml" -> Kind.XML;
            case "application/pdf" -> Kind.PDF;
            case "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.ms-word.document.macroenabled.12",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.template" -> Kind.DOCX;
            case "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    "application/vnd.ms-powerpoint.presentation.macroenabled.12" -> Kind.PPTX;
            case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/vnd.ms-excel.sheet.macroenabled.12" -> Kind.XLSX;
            case "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
                    "application/vnd.oasis.opendocument.presentation" -> Kind.OPENDOCUMENT;
            default -> {
                if (t.startsWith("text/") || TEXT_APPLICATION_TYPES.contains(t) || t.endsWith("+json")) {
                    yield Kind.TEXT;
                }
                if (t.endsWith("+xml")) {
                    yield Kind.XML;
                }
                yield Kind.NONE;
            }
        };
    }

    public Extraction extract(InputStream in, String mimeType) throws IOException {
        Kind kind = kindOf(mimeType);
        return switch (kind) {
            case TEXT -> text(in);
            case HTML -> markup(in, MarkupStripper.Mode.HTML);
            case XML -> markup(in, MarkupStripper.Mode.XML);
            case PDF, DOCX, PPTX, XLSX, OPENDOCUMENT -> viaTempFile(in, kind);
            case NONE -> Extraction.skipped("unsupported type " + mimeType);
        };
    }

    private Extraction text(InputStream in) throws IOException {
        TextSink sink = new TextSink(maxChars);
        Reader reader = TextDecoding.open(in);
        char[] buffer = new char[8192];
        int n;
        while (!sink.full() && (n = reader.read(buffer)) >= 0) {
            for (int i = 0; i < n && !sink.full(); i++) {
                sink.append(buffer[i]);
            }
        }
        return Extraction.of(sink);
    }

    private Extraction markup(InputStream in, MarkupStripper.Mode mode) throws IOException {
        Reader reader = TextDecoding.open(in);
        if (mode == MarkupStripper.Mode.XML) {
            // a "+xml" type guessed from a name (".rs" is an XML type to Tika) may well be plain text
            java.io.PushbackReader peek = new java.io.PushbackReader(reader, 1);
            int c;
            while ((c = peek.read()) >= 0 && Character.isWhitespace(c)) {
                // leading white space
            }
            if (c >= 0) {
                peek.unread(c);
            }
            if (c >= 0 && c != '<') {
                return textFrom(peek);
            }
            reader = peek;
        }
        TextSink sink = new TextSink(maxChars);
        new MarkupStripper(reader, sink, mode, scanBudget()).run();
        return Extraction.of(sink);
    }

    private Extraction textFrom(Reader reader) throws IOException {
        TextSink sink = new TextSink(maxChars);
        int c;
        while (!sink.full() && (c = reader.read()) >= 0) {
            sink.append((char) c);
        }
        return Extraction.of(sink);
    }

    /** Markup read at most: generous for tag-heavy documents, bounded for decompression bombs. */
    private long scanBudget() {
        return Math.max(64L * maxChars, 16L << 20);
    }

    private Extraction viaTempFile(InputStream in, Kind kind) throws IOException {
        Path tmp = Files.createTempFile("opendrive-index-", ".tmp");
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return kind == Kind.PDF ? pdf(tmp) : office(tmp, kind);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    Extraction pdf(Path file) {
        TextSink sink = new TextSink(maxChars);
        long started = nanoClock.getAsLong();
        boolean outOfTime = false;
        try (PDDocument doc = Loader.loadPDF(file.toFile(), "")) {
            PDFTextStripper stripper = new PDFTextStripper();
            int pages = doc.getNumberOfPages();
            for (int page = 1; page <= pages && !sink.full(); page++) {
                if (page > 1 && nanoClock.getAsLong() - started > pdfBudgetNanos) {
                    outOfTime = true;
                    break;
                }
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                sink.append(stripper.getText(doc));
                sink.space();
            }
        } catch (InvalidPasswordException e) {
            return Extraction.skipped("encrypted pdf");
        } catch (IOException | RuntimeException e) {
            if (sink.length() > 0) {
                // a page that fails to parse late in the file: keep what was read
                return new Extraction(sink.toString(), true, null);
            }
            return Extraction.skipped("unreadable pdf: " + e.getMessage());
        }
        if (sink.length() == 0) {
            return Extraction.skipped(outOfTime ? "pdf text extraction ran out of time" : "no text in pdf (scanned images?)");
        }
        return outOfTime ? new Extraction(sink.toString(), true, null) : Extraction.of(sink);
    }

    Extraction office(Path file, Kind kind) {
        TextSink sink = new TextSink(maxChars);
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            List<String> parts = officeParts(zip, kind);
            if (parts.isEmpty()) {
                return Extraction.skipped("no text part in " + kind.name().toLowerCase(Locale.ROOT) + " file");
            }
            long budget = scanBudget();
            for (String name : parts) {
                if (sink.full() || budget <= 0) {
                    break;
                }
                ZipEntry entry = zip.getEntry(name);
                try (Reader reader = new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8)) {
                    CountingReader counting = new CountingReader(reader);
                    new MarkupStripper(counting, sink, MarkupStripper.Mode.OFFICE, budget).run();
                    budget -= counting.count;
                }
                sink.space();
            }
            if (budget <= 0) {
                sink.truncate();
            }
        } catch (ZipException e) {
            return Extraction.skipped("unreadable " + kind.name().toLowerCase(Locale.ROOT) + " file: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Extraction.skipped("unreadable " + kind.name().toLowerCase(Locale.ROOT) + " file: " + e);
        }
        return Extraction.of(sink);
    }

    private static List<String> officeParts(ZipFile zip, Kind kind) {
        List<String> parts = new ArrayList<>();
        switch (kind) {
            case DOCX -> {
                parts.add("word/document.xml");
                zip.stream().map(ZipEntry::getName)
                        .filter(n -> n.matches("word/(header|footer)\\d*\\.xml|word/(footnotes|endnotes|comments)\\.xml"))
                        .sorted().forEach(parts::add);
            }
            case PPTX -> zip.stream().map(ZipEntry::getName).filter(n -> SLIDE.matcher(n).matches())
                    .sorted(Comparator.comparing((String n) -> n.contains("notesSlide"))
                            .thenComparingInt(ContentExtractor::slideNumber))
                    .forEach(parts::add);
            case XLSX -> parts.add("xl/sharedStrings.xml");
            case OPENDOCUMENT -> parts.add("content.xml");
            default -> {
            }
        }
        parts.removeIf(n -> zip.getEntry(n) == null);
        return parts;
    }

    private static int slideNumber(String name) {
        Matcher m = SLIDE.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    /** Counts characters read, to share one scan budget across the parts of a document. */
    private static final class CountingReader extends Reader {
        private final Reader in;
        long count;

        CountingReader(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                count++;
            }
            return c;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
