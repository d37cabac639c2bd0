package dev.opendrive.searchindexer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.TaggedInputStream;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.odf.OpenDocumentParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.parser.xml.XMLParser;
import org.xml.sax.ContentHandler;

/**
 * Reads the text of a file by its sniffed type, up to a cap of characters, with Apache Tika's
 * parsers (each constructed here, none found by service loading): plain text and XML are read as
 * they stream in; HTML is parsed whole; PDF and Office documents need random access and are first
 * copied to a temporary file (never into memory). Every parser writes into a {@link SinkHandler},
 * which stops it once the cap is reached.
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
            case HTML -> markup(in, HTML_PARSER, true);
            case XML -> xml(in);
            case PDF, DOCX, PPTX, XLSX, OPENDOCUMENT -> viaTempFile(in, kind);
            case NONE -> Extraction.skipped("unsupported type " + mimeType);
        };
    }

    private static final Parser TEXT_PARSER = new TXTParser(TextDecoding.DETECTOR);
    private static final Parser HTML_PARSER = new JSoupParser(TextDecoding.DETECTOR);
    private static final Parser XML_PARSER = new XMLParser();
    private static final Parser PDF_PARSER = new PDFParser();
    private static final Parser OOXML_PARSER = new OOXMLParser();
    private static final Parser ODF_PARSER = new OpenDocumentParser();

    private Extraction text(InputStream in) throws IOException {
        TextSink sink = new TextSink(maxChars);
        TaggedInputStream source = new TaggedInputStream(in);
        parse(TEXT_PARSER, source, source, SinkHandler.of(sink, false), new ParseContext());
        return Extraction.of(sink);
    }

    private Extraction xml(InputStream in) throws IOException {
        // a "+xml" type guessed from a name (".rs" is an XML type to Tika) may well be plain text
        BufferedInputStream buffered = new BufferedInputStream(in, TextDecoding.SAMPLE);
        if (!startsWithMarkup(buffered)) {
            return text(buffered);
        }
        return markup(buffered, XML_PARSER, false);
    }

    /** Whether the first character that is not white space is '<' (in the text's own charset). */
    private static boolean startsWithMarkup(BufferedInputStream in) throws IOException {
        var charset = TextDecoding.DETECTOR.detect(in, new Metadata());
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

    /**
     * HTML and XML: read at most a scan budget of bytes (a bound on the work for documents that
     * are nearly all tags); reaching it marks the text truncated. A document that stops parsing
     * part way (malformed XML) keeps the text read before, marked truncated.
     */
    private Extraction markup(InputStream in, Parser parser, boolean html) throws IOException {
        TextSink sink = new TextSink(maxChars);
        TaggedInputStream source = new TaggedInputStream(in);
        BoundedInputStream bounded = BoundedInputStream.builder().setInputStream(source)
                .setMaxCount(scanBudget()).setPropagateClose(false).get();
        boolean complete = parse(parser, new BufferedInputStream(bounded), source, SinkHandler.of(sink, html),
                new ParseContext());
        if (!complete || bounded.getCount() >= scanBudget()) {
            sink.truncate();
        }
        return Extraction.of(sink);
    }

    /**
     * Runs a parser into a handler. Returns true when the parser got to the end or stopped at the
     * cap, false when it failed part way. An I/O error of {@code source} (the storage) is thrown;
     * any other failure means the file itself could not be parsed.
     */
    private static boolean parse(Parser parser, InputStream in, TaggedInputStream source, ContentHandler handler,
            ParseContext context) throws IOException {
        try {
            parser.parse(in, handler, new Metadata(), context);
            return true;
        } catch (Exception e) {
            source.throwIfCauseOf(e);
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                return true;
            }
            return false;
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

    /** Tika's PDF parser set to read what PDFBox's text stripper reads: page text, nothing else. */
    private static PDFParserConfig pdfConfig() {
        PDFParserConfig config = new PDFParserConfig();
        config.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
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
        return config;
    }

    private static ParseContext context() {
        ParseContext context = new ParseContext();
        context.set(PDFParserConfig.class, pdfConfig());
        OfficeParserConfig office = new OfficeParserConfig();
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        office.setIncludeSlideMasterContent(false);
        office.setIncludeHeadersAndFooters(true);
        office.setIncludeSlideNotes(true);
        office.setExtractMacros(false);
        context.set(OfficeParserConfig.class, office);
        context.set(EmbeddedDocumentExtractor.class, NO_EMBEDDED);
        return context;
    }

    /** Attachments and embedded objects are not read (nor named). */
    private static final EmbeddedDocumentExtractor NO_EMBEDDED = new EmbeddedDocumentExtractor() {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return false;
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
        }
    };

    Extraction pdf(Path file) {
        TextSink sink = new TextSink(maxChars);
        SinkHandler handler = SinkHandler.withPageBudget(sink, nanoClock, pdfBudgetNanos);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            PDF_PARSER.parse(in, handler, new Metadata(), context());
        } catch (EncryptedDocumentException e) {
            return Extraction.skipped("encrypted pdf");
        } catch (Exception e) {
            if (handler.outOfTime()) {
                // pages read within the budget are kept
            } else if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                if (sink.length() > 0) {
                    // a page that fails to parse late in the file: keep what was read
                    return new Extraction(sink.toString(), true, null);
                }
                return Extraction.skipped("unreadable pdf: " + message(e));
            }
        }
        if (sink.length() == 0) {
            return Extraction.skipped(handler.outOfTime() ? "pdf text extraction ran out of time"
                    : "no text in pdf (scanned images?)");
        }
        return handler.outOfTime() ? new Extraction(sink.toString(), true, null) : Extraction.of(sink);
    }

    Extraction office(Path file, Kind kind) {
        TextSink sink = new TextSink(maxChars);
        String name = kind.name().toLowerCase(Locale.ROOT);
        if (!isZip(file)) {
            return Extraction.skipped("unreadable " + name + " file: not a zip file");
        }
        try (TikaInputStream in = TikaInputStream.get(file)) {
            Parser parser = kind == Kind.OPENDOCUMENT ? ODF_PARSER : OOXML_PARSER;
            BudgetZipFile zip = null;
            if (kind == Kind.OPENDOCUMENT) {
                zip = new BudgetZipFile(file, scanBudget());
                in.setOpenContainer(zip);
            }
            try {
                parser.parse(in, SinkHandler.of(sink, false), new Metadata(), context());
            } catch (Exception e) {
                if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                    if (zip != null && zip.spent()) {
                        sink.truncate();
                    } else if (e instanceof EncryptedDocumentException) {
                        return Extraction.skipped("encrypted " + name + " file");
                    } else {
                        return Extraction.skipped("unreadable " + name + " file: " + message(e));
                    }
                }
            }
            if (zip != null && zip.spent()) {
                sink.truncate();
            }
        } catch (IOException e) {
            return Extraction.skipped("unreadable " + name + " file: " + message(e));
        }
        return Extraction.of(sink);
    }

    private static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /**
     * The zip of an OpenDocument file, whose parts together are read up to a scan budget of
     * uncompressed bytes (a decompression bomb of tags yields no text for the cap to stop).
     */
    private static final class BudgetZipFile extends ZipFile {
        private final AtomicLong left;

        BudgetZipFile(Path file, long budget) throws IOException {
            super(file.toFile());
            this.left = new AtomicLong(budget);
        }

        boolean spent() {
            return left.get() <= 0;
        }

        @Override
        public InputStream getInputStream(ZipEntry entry) throws IOException {
            InputStream raw = super.getInputStream(entry);
            return new java.io.FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    if (left.get() <= 0) {
                        return -1;
                    }
                    int c = super.read();
                    if (c >= 0) {
                        left.decrementAndGet();
                    }
                    return c;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    long budget = left.get();
                    if (budget <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, budget));
                    if (n > 0) {
                        left.addAndGet(-n);
                    }
                    return n;
                }
            };
        }
    }
}
