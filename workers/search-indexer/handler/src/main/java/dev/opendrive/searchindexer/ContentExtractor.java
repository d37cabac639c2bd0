package dev.opendrive.searchindexer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
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

import org.apache.commons.io.input.BoundedInputStream;
import org.apache.tika.detect.AutoDetectReader;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.renderer.RenderRequest;
import org.apache.tika.renderer.RenderResults;
import org.apache.tika.renderer.Renderer;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Reads the text of a file by its sniffed type, up to a cap of characters, streaming: plain text
 * and markup are decoded (with the documented charset rule, {@link TextDecoding}) and stripped as
 * they are read; PDF and Office documents need random access and are first copied to a temporary
 * file (never into memory). Plain text and PDFs are read by Tika's {@link TXTParser} and
 * {@link PDFParser} into a {@link SinkHandler}, which stops them at the cap; HTML, XML and the
 * Office formats by this module's own readers, where Tika's parsers measured slower, stricter or
 * far larger (docs/benchmarks.md, "Text extraction").
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

    private static final TXTParser TEXT_PARSER = new TXTParser(TextDecoding.DETECTOR);
    private static final PDFParser PDF_PARSER = new PDFParser();

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

    /** Tika's TXTParser, with the documented charset rule ({@link TextDecoding}). */
    private Extraction text(InputStream in) throws IOException {
        TextSink sink = new TextSink(maxChars);
        try {
            TEXT_PARSER.parse(in, SinkHandler.of(sink), new Metadata(), new ParseContext());
        } catch (SAXException | TikaException e) {
            // I/O errors of the stream (storage trouble) come through as they are
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                throw new IOException("text extraction failed", e);
            }
        }
        return Extraction.of(sink);
    }

    /** Decoded text: Tika's reader with the charset rule of {@link TextDecoding}; a byte-order mark is dropped. */
    private static Reader open(InputStream in) throws IOException {
        try {
            return new AutoDetectReader(new BufferedInputStream(in, TextDecoding.SAMPLE), new Metadata(),
                    TextDecoding.DETECTOR);
        } catch (TikaException e) {
            throw new IllegalStateException("the charset rule always names a charset", e);
        }
    }

    // Kept hand-written (MarkupStripper): Tika's JSoupParser measured 0.18-0.40x the CPU throughput on a 2 MB page and,
    // as it builds the whole DOM before the cap applies, 8-18x the time and 4x the heap on a 33 MB one; Tika's XMLParser
    // is as fast but strict: it stops at the first well-formedness error (an unescaped '&', an undeclared entity).
    private Extraction markup(InputStream in, MarkupStripper.Mode mode) throws IOException {
        if (mode == MarkupStripper.Mode.XML) {
            // a "+xml" type guessed from a name (".rs" is an XML type to Tika) may well be plain text
            BufferedInputStream buffered = new BufferedInputStream(in, TextDecoding.SAMPLE);
            if (!startsWithMarkup(buffered)) {
                return text(buffered);
            }
            in = buffered;
        }
        Reader reader = open(in);
        TextSink sink = new TextSink(maxChars);
        new MarkupStripper(reader, sink, mode, scanBudget()).run();
        return Extraction.of(sink);
    }

    /** Whether the first character that is not white space (in the first 64 KB) is '<', in the text's charset. */
    private static boolean startsWithMarkup(BufferedInputStream in) throws IOException {
        Charset charset = TextDecoding.DETECTOR.detect(in, new Metadata());
        in.mark(TextDecoding.SAMPLE);
        try {
            Reader reader = new InputStreamReader(BoundedInputStream.builder().setInputStream(in)
                    .setMaxCount(TextDecoding.SAMPLE).setPropagateClose(false).get(), charset);
            int c;
            while ((c = reader.read()) >= 0 && (Character.isWhitespace(c) || c == '\uFEFF')) {
                // leading white space (and a byte-order mark)
            }
            return c < 0 || c == '<';
        } finally {
            in.reset();
        }
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

    /**
     * Tika's PDF parser, set to read what PDFBox's text stripper reads (page text only: no
     * annotations, bookmarks, form fields, attachments, OCR), stopped by the cap or, between pages,
     * by the time budget ({@link SinkHandler#withPageBudget}).
     */
    Extraction pdf(Path file) {
        TextSink sink = new TextSink(maxChars);
        SinkHandler handler = SinkHandler.withPageBudget(sink, nanoClock, pdfBudgetNanos);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            PDF_PARSER.parse(in, handler, new Metadata(), pdfContext());
        } catch (EncryptedDocumentException e) {
            return Extraction.skipped("encrypted pdf");
        } catch (Exception e) {
            if (!handler.outOfTime() && !WriteLimitReachedException.isWriteLimitReached(e)) {
                if (sink.length() > 0) {
                    // a page that fails to parse late in the file: keep what was read
                    return new Extraction(sink.toString(), true, null);
                }
                return Extraction.skipped("unreadable pdf: " + rootMessage(e));
            }
        }
        if (sink.length() == 0) {
            return Extraction.skipped(handler.outOfTime() ? "pdf text extraction ran out of time"
                    : "no text in pdf (scanned images?)");
        }
        return handler.outOfTime() ? new Extraction(sink.toString(), true, null) : Extraction.of(sink);
    }

    private static ParseContext pdfContext() {
        PDFParserConfig config = new PDFParserConfig();
        config.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        config.setRenderer(NO_RENDERER);
        config.setExtractAnnotationText(false);
        config.setExtractBookmarksText(false);
        config.setExtractAcroFormContent(false);
        config.setExtractInlineImages(false);
        config.setExtractActions(false);
        config.setExtractIncrementalUpdateInfo(false);
        config.setParseIncrementalUpdates(false);
        config.setIfXFAExtractOnlyXFA(false);
        // PDFTextStripper's defaults
        config.setSuppressDuplicateOverlappingText(true);
        config.setSortByPosition(false);
        // a page that fails ends the document: what was read before is kept (as truncated)
        config.setCatchIntermediateIOExceptions(false);
        ParseContext context = new ParseContext();
        context.set(PDFParserConfig.class, config);
        context.set(EmbeddedDocumentExtractor.class, NO_EMBEDDED);
        return context;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** Attachments and embedded files are not read (nor named). */
    private static final EmbeddedDocumentExtractor NO_EMBEDDED = new EmbeddedDocumentExtractor() {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
        }
    };

    /**
     * Pages are never rendered (no OCR). Set so that the parser does not create its default
     * PDFBox renderer, whose image writing lives in pdfbox-tools, which is left out.
     */
    private static final Renderer NO_RENDERER = new Renderer() {
        @Override
        public Set<MediaType> getSupportedTypes(ParseContext context) {
            return Set.of(MediaType.application("pdf"));
        }

        @Override
        public RenderResults render(InputStream is, Metadata metadata, ParseContext parseContext,
                RenderRequest... requests) {
            throw new UnsupportedOperationException("no rendering");
        }
    };

    // Kept hand-written: Tika's OOXMLParser (Apache POI, XMLBeans) measured 0.06-0.79x the CPU throughput, seconds to
    // set up and +24 MB of jars, loads XMLBeans schemas reflectively (native images), and adds xlsx sheet names and
    // numbers; its OpenDocumentParser measured 0.77-0.97x, mean 0.89x (it also parses meta.xml, styles.xml, manifest).
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
