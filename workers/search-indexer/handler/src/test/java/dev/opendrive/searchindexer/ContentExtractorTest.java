package dev.opendrive.searchindexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.search.Tokenizer;

class ContentExtractorTest {

    private final ContentExtractor extractor = new ContentExtractor(1_000_000);

    private Extraction extract(String text, String mime) throws IOException {
        return extractor.extract(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), mime);
    }

    @Test
    void picksTheReaderBySniffedType() {
        assertThat(ContentExtractor.kindOf("text/plain")).isEqualTo(ContentExtractor.Kind.TEXT);
        assertThat(ContentExtractor.kindOf("text/x-web-markdown")).isEqualTo(ContentExtractor.Kind.TEXT);
        assertThat(ContentExtractor.kindOf("text/csv")).isEqualTo(ContentExtractor.Kind.TEXT);
        assertThat(ContentExtractor.kindOf("text/x-java-source")).isEqualTo(ContentExtractor.Kind.TEXT);
        assertThat(ContentExtractor.kindOf("application/json")).isEqualTo(ContentExtractor.Kind.TEXT);
        assertThat(ContentExtractor.kindOf("application/x-sh")).isEqualTo(ContentExtractor.Kind.TEXT);
        assertThat(ContentExtractor.kindOf("text/html; charset=utf-8")).isEqualTo(ContentExtractor.Kind.HTML);
        assertThat(ContentExtractor.kindOf("application/xml")).isEqualTo(ContentExtractor.Kind.XML);
        assertThat(ContentExtractor.kindOf("image/svg+xml")).isEqualTo(ContentExtractor.Kind.XML);
        assertThat(ContentExtractor.kindOf("application/pdf")).isEqualTo(ContentExtractor.Kind.PDF);
        assertThat(ContentExtractor.kindOf("image/png")).isEqualTo(ContentExtractor.Kind.NONE);
        assertThat(ContentExtractor.kindOf(null)).isEqualTo(ContentExtractor.Kind.NONE);
    }

    @Test
    void plainTextMarkdownCsvJsonAndCode() throws IOException {
        assertThat(extract("Hello  world\n\nsecond\tline", "text/plain").text()).isEqualTo("Hello world second line");
        assertThat(extract("# Title\n\n*emphasis* and `code`", "text/x-web-markdown").text())
                .isEqualTo("# Title *emphasis* and `code`");
        assertThat(Tokenizer.indexTokens(extract("name,city\nAlice,Paris\n", "text/csv").text()))
                .containsExactly("name", "city", "alice", "paris");
        assertThat(Tokenizer.indexTokens(extract("{\"customerName\": \"Zoë\", \"id\": 42}", "application/json").text()))
                .contains("customername", "customer", "name", "zoe", "id", "42");
        assertThat(Tokenizer.indexTokens(extract("public class InvoiceService { int total2024; }",
                "text/x-java-source").text())).contains("invoiceservice", "invoice", "service", "total2024", "2024");
    }

    @Test
    void unsupportedTypesAreSkippedWithAReason() throws IOException {
        Extraction e = extractor.extract(new ByteArrayInputStream(new byte[] { (byte) 0x89, 'P', 'N', 'G' }), "image/png");
        assertThat(e.isSkipped()).isTrue();
        assertThat(e.skipped()).contains("unsupported type image/png");
        assertThat(e.text()).isEmpty();
    }

    @Test
    void detectsCharsets() throws IOException {
        String text = "Crème brûlée à Zürich";
        // UTF-8 without BOM (the default)
        assertThat(decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
        // UTF-8 with BOM: the BOM is not text
        assertThat(decode(concat(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, text.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(text);
        // UTF-16 with BOMs
        assertThat(decode(concat(new byte[] { (byte) 0xFF, (byte) 0xFE }, text.getBytes(StandardCharsets.UTF_16LE))))
                .isEqualTo(text);
        assertThat(decode(concat(new byte[] { (byte) 0xFE, (byte) 0xFF }, text.getBytes(StandardCharsets.UTF_16BE))))
                .isEqualTo(text);
        // UTF-16LE without a BOM (Windows tools)
        assertThat(decode(text.getBytes(StandardCharsets.UTF_16LE))).isEqualTo(text);
        // legacy single-byte text: not valid UTF-8, read as Windows-1252
        assertThat(decode(text.getBytes(Charset.forName("windows-1252")))).isEqualTo(text);
    }

    private String decode(byte[] bytes) throws IOException {
        return extractor.extract(new ByteArrayInputStream(bytes), "text/plain").text();
    }

    @Test
    void htmlTagsAreStrippedScriptAndStyleDropped() throws IOException {
        String html = """
                <!DOCTYPE html>
                <html><head><title>Quarterly &amp; Annual</title>
                <style>body { color: red } .secretStyle {}</style>
                <script type="text/javascript">var secretScript = "<p>not text</p>"; if (a < b) {}</script>
                </head>
                <body><!-- hiddenComment --><h1>Caf&eacute; menu</h1><p>Price&nbsp;&euro;5 &#8212; &#x41;BC</p>
                <p>He<b>llo</b> <a href="https://example.com/?a=1&b=2" title="attrText">link</a></p>
                <div>one</div><div>two</div><p>3 < 4 &unknown; AT&T</p></body></html>
                """;
        String text = extract(html, "text/html").text();
        assertThat(text).contains("Quarterly & Annual", "Café menu", "Price €5 — ABC", "Hello link", "one two",
                "3 < 4 &unknown; AT&T");
        assertThat(text).doesNotContain("secretStyle", "secretScript", "not text", "hiddenComment", "attrText",
                "example.com", "color");
    }

    @Test
    void xmlKeepsTextAndCdataAndBreaksWordsAtEveryTag() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <people><person><name>Ada</name><city>London</city></person>
                <note><![CDATA[raw <text> here]]></note></people>
                """;
        String text = extract(xml, "application/xml").text();
        assertThat(text).isEqualTo("Ada London raw <text> here");
        // a "+xml" type guessed from a file name that is not markup at all stays plain text
        assertThat(extract("fn main() { let v: Vec<u8> = vec![]; }", "application/rls-services+xml").text())
                .contains("Vec<u8>");
    }

    @Test
    void pdfTextFromEveryPageUntilTheCap() throws IOException {
        byte[] pdf = pdf("Quarterly zeppelin figures", "Second page mentions aardvark");
        Extraction e = extractor.extract(new ByteArrayInputStream(pdf), "application/pdf");
        assertThat(e.isSkipped()).isFalse();
        assertThat(Tokenizer.indexTokens(e.text())).contains("quarterly", "zeppelin", "aardvark");
        assertThat(e.truncated()).isFalse();

        Extraction capped = new ContentExtractor(30).extract(new ByteArrayInputStream(pdf), "application/pdf");
        assertThat(capped.truncated()).isTrue();
        assertThat(capped.text()).contains("zeppelin").doesNotContain("aardvark");
        assertThat(capped.text().length()).isLessThanOrEqualTo(30);
    }

    @Test
    void aPdfThatTakesTooLongKeepsThePagesReadInTime() throws IOException {
        byte[] pdf = pdf("Quarterly zeppelin figures", "Second page mentions aardvark");
        // a clock that jumps two minutes at every reading: the budget is spent after the first page
        long[] now = { 0 };
        ContentExtractor slow = new ContentExtractor(1_000_000, java.time.Duration.ofSeconds(60),
                () -> now[0] += java.time.Duration.ofMinutes(2).toNanos());
        Extraction e = slow.extract(new ByteArrayInputStream(pdf), "application/pdf");
        assertThat(e.isSkipped()).isFalse();
        assertThat(e.truncated()).isTrue();
        assertThat(e.text()).contains("zeppelin").doesNotContain("aardvark");
    }

    @Test
    void brokenAndEmptyPdfsAreSkippedWithAReason() throws IOException {
        Extraction broken = extractor.extract(new ByteArrayInputStream("%PDF-1.7 garbage".getBytes()), "application/pdf");
        assertThat(broken.skipped()).startsWith("unreadable pdf");
        Extraction blank = extractor.extract(new ByteArrayInputStream(pdf()), "application/pdf");
        assertThat(blank.skipped()).contains("no text");
    }

    @Test
    void pdfMetadataIsNotTextAndEncryptedPdfsAreSkipped() throws IOException {
        byte[] titled;
        byte[] encrypted;
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf("Body words here"));
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            doc.getDocumentInformation().setTitle("metadataTitle");
            doc.getDocumentInformation().setAuthor("metadataAuthor");
            doc.save(out);
            titled = out.toByteArray();
            out.reset();
            doc.protect(new org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy("owner", "user",
                    new org.apache.pdfbox.pdmodel.encryption.AccessPermission()));
            doc.save(out);
            encrypted = out.toByteArray();
        }
        Extraction e = extractor.extract(new ByteArrayInputStream(titled), "application/pdf");
        assertThat(e.text()).isEqualTo("Body words here");
        assertThat(extractor.extract(new ByteArrayInputStream(encrypted), "application/pdf").skipped())
                .isEqualTo("encrypted pdf");
    }

    @Test
    void officeOpenXmlAndOpenDocument() throws IOException {
        byte[] docx = Documents.docx("""
                <w:p><w:r><w:t>Hel</w:t></w:r><w:r><w:t>lo</w:t></w:r></w:p>
                <w:p><w:r><w:t>Contract</w:t></w:r><w:r><w:tab/><w:t>Müller</w:t></w:r></w:p>
                """, "<w:p><w:r><w:t>footerWord</w:t></w:r></w:p>");
        Extraction e = extractor.extract(new ByteArrayInputStream(docx),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(e.text()).isEqualTo("Hello Contract Müller footerWord");

        byte[] xlsx = Documents.xlsx("<si><t>Revenue</t></si><si><r><t>Tot</t></r><r><t>al</t></r></si>",
                "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>");
        assertThat(extractor.extract(new ByteArrayInputStream(xlsx),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").text()).isEqualTo("Revenue Total");

        byte[] pptx = Documents.pptx(2, Documents.shape("second"), 10, Documents.shape("tenth"));
        assertThat(extractor.extract(new ByteArrayInputStream(pptx),
                "application/vnd.openxmlformats-officedocument.presentationml.presentation").text())
                .isEqualTo("second tenth");

        byte[] odt = Documents.odt("<text:p>Bonjour</text:p><text:p>le<text:s/>monde</text:p>");
        assertThat(extractor.extract(new ByteArrayInputStream(odt), "application/vnd.oasis.opendocument.text").text())
                .isEqualTo("Bonjour le monde");

        Extraction notZip = extractor.extract(new ByteArrayInputStream("nope".getBytes()),
                "application/vnd.oasis.opendocument.text");
        assertThat(notZip.skipped()).startsWith("unreadable");
    }

    @Test
    void bigFilesAreReadOnlyUpToTheCapAndStreamed() throws IOException {
        int cap = 100_000;
        ContentExtractor small = new ContentExtractor(cap);
        // 200 MB of text, generated on the fly: the extractor must stop reading near the cap
        CountingStream text = new CountingStream(200L << 20, "lorem ipsum dolor ");
        Extraction e = small.extract(text, "text/plain");
        assertThat(e.truncated()).isTrue();
        assertThat(e.text().length()).isLessThanOrEqualTo(cap).isGreaterThan(cap - 100);
        assertThat(text.read).isLessThan(cap + 256 * 1024);

        // tags only, no text: the scan budget stops it long before the end
        CountingStream tags = new CountingStream(2L << 30, "<span></span>");
        Extraction markup = small.extract(tags, "text/html");
        assertThat(markup.truncated()).isTrue();
        assertThat(tags.read).isLessThan(64L << 20);
    }

    @Test
    void theCapIsOnCharactersAndWhatWasReadIsKept() throws IOException {
        Extraction e = new ContentExtractor(11).extract(
                new ByteArrayInputStream("first second third".getBytes(StandardCharsets.UTF_8)), "text/plain");
        assertThat(e.text()).isEqualTo("first secon");
        assertThat(e.truncated()).isTrue();
        assertThat(e.isSkipped()).isFalse();
    }

    static byte[] pdf(String... pages) throws IOException {
        return Documents.pdf(pages);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** An endless-looking stream of a repeated pattern that counts how much was read from it. */
    static final class CountingStream extends InputStream {
        private final long size;
        private final byte[] pattern;
        long read;

        CountingStream(long size, String pattern) {
            this.size = size;
            this.pattern = pattern.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public int read() {
            if (read >= size) {
                return -1;
            }
            return pattern[(int) (read++ % pattern.length)];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - read);
            for (int i = 0; i < n; i++) {
                b[off + i] = pattern[(int) (read++ % pattern.length)];
            }
            return n;
        }
    }
}
