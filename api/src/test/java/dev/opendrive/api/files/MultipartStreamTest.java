package dev.opendrive.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.files.MultipartStream.MalformedMultipartException;

/** The multipart scanner alone: parts, names and exact content, whatever the read sizes of the request. */
class MultipartStreamTest {

    static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    record Read(String name, String fileName, byte[] content) {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Serves the body in reads of at most max bytes (the HTTP layer hands over what has arrived). */
    static InputStream trickle(byte[] body, int max) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, max));
            }
        };
    }

    static List<Read> readAll(InputStream body, String type) throws IOException {
        MultipartStream form = MultipartStream.of(body, type);
        List<Read> parts = new ArrayList<>();
        MultipartStream.Part part;
        while ((part = form.next()) != null) {
            parts.add(new Read(part.name(), part.fileName(), part.content().readAllBytes()));
        }
        return parts;
    }

    static final class Body {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body file(String name, String fileName, byte[] content) {
            out.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            out.writeBytes(content);
            out.writeBytes(ascii("\r\n"));
            return this;
        }

        Body field(String name, String value) {
            out.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                    + value + "\r\n"));
            return this;
        }

        byte[] end() {
            out.writeBytes(ascii("--" + BOUNDARY + "--\r\n"));
            return out.toByteArray();
        }
    }

    @Test
    void partsAndTheirExactContentWhateverTheReadSizes() throws IOException {
        Random random = new Random(7);
        byte[] big = new byte[3 * MultipartStream.BUFFER + 123];
        random.nextBytes(big);
        // content that looks like the start of a delimiter, cut at every length
        String near = "\r\n--" + BOUNDARY;
        ByteArrayOutputStream tricky = new ByteArrayOutputStream();
        for (int i = 1; i < near.length(); i++) {
            tricky.writeBytes(ascii(near.substring(0, i)));
            tricky.write('x');
        }
        tricky.writeBytes(ascii("--" + BOUNDARY + "\n\r--" + BOUNDARY)); // no CRLF before: not a delimiter
        byte[] body = new Body().file("files", "big.bin", big).field("folderId", "65a0c0ffee0000000000abcd")
                .file("files", "tricky.txt", tricky.toByteArray()).file("files", "empty.txt", new byte[0]).end();

        for (int max : new int[] { 1, 2, 3, 5, 41, 42, 43, 1000, MultipartStream.BUFFER - 1, MultipartStream.BUFFER + 1,
                Integer.MAX_VALUE }) {
            List<Read> parts = readAll(trickle(body, max), TYPE);
            assertThat(parts).as("reads of %d", max).hasSize(4);
            assertThat(parts.get(0).name()).isEqualTo("files");
            assertThat(parts.get(0).fileName()).isEqualTo("big.bin");
            assertThat(parts.get(0).content()).as("reads of %d", max).isEqualTo(big);
            assertThat(parts.get(1).fileName()).isNull();
            assertThat(new String(parts.get(1).content(), StandardCharsets.UTF_8)).isEqualTo("65a0c0ffee0000000000abcd");
            assertThat(parts.get(2).content()).as("reads of %d", max).isEqualTo(tricky.toByteArray());
            assertThat(parts.get(3).fileName()).isEqualTo("empty.txt");
            assertThat(parts.get(3).content()).isEmpty();
        }
    }

    @Test
    void preambleEpiloguePaddingFoldedHeadersAndEncodedNames() throws IOException {
        byte[] body = ascii("This is the preamble.\r\n--" + BOUNDARY + "  \t\r\n"
                + "content-disposition: form-data;\r\n name=\"files\"; filename=\"résumé ✓.txt\"\r\n\r\n"
                + "one\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=files; filename*=UTF-8''na%C3%AFve.txt\r\n\r\n"
                + "two\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"\"\r\n\r\n"
                + "\r\n--" + BOUNDARY + "\r\n"
                + "\r\nno headers at all\r\n--" + BOUNDARY + "--\r\nThis is the epilogue.");
        List<Read> parts = readAll(trickle(body, 7), "Multipart/Form-Data; charset=UTF-8; boundary=\"" + BOUNDARY + "\"");
        assertThat(parts).extracting(Read::fileName).containsExactly("résumé ✓.txt", "naïve.txt", "", null);
        assertThat(parts).extracting(Read::name).containsExactly("files", "files", "files", null);
        assertThat(parts).extracting(r -> new String(r.content(), StandardCharsets.UTF_8))
                .containsExactly("one", "two", "", "no headers at all");
    }

    @Test
    void aPartLeftUnreadIsSkippedAndItsStreamEnds() throws IOException {
        byte[] body = new Body().file("files", "a.bin", new byte[200_000]).file("files", "b.txt", ascii("b")).end();
        MultipartStream form = MultipartStream.of(trickle(body, 1000), TYPE);
        MultipartStream.Part first = form.next();
        assertThat(first.content().read(new byte[10])).isEqualTo(10);
        MultipartStream.Part second = form.next();
        assertThat(first.content().read()).isEqualTo(-1);
        assertThat(second.content().readAllBytes()).isEqualTo(ascii("b"));
        assertThat(form.next()).isNull();
        assertThat(form.next()).isNull();
        assertThat(form.failure()).isNull();
    }

    @Test
    void textFieldsAreBounded() throws IOException {
        byte[] body = new Body().field("folderId", "x".repeat(2000)).end();
        MultipartStream form = MultipartStream.of(new ByteArrayInputStream(body), TYPE);
        assertThat(form.next().text(1024)).isNull();
        form = MultipartStream.of(new ByteArrayInputStream(body), TYPE);
        assertThat(form.next().text(4096)).hasSize(2000);
    }

    @Test
    void malformedBodiesAreRefused() throws IOException {
        byte[] complete = new Body().file("files", "a.txt", ascii("content")).end();
        byte[] unclosed = new byte[complete.length - (BOUNDARY.length() + 6)];
        System.arraycopy(complete, 0, unclosed, 0, unclosed.length);
        assertMalformed(unclosed, TYPE, "before its closing boundary");
        assertMalformed(ascii("no boundary anywhere"), TYPE, "no boundary");
        assertMalformed(ascii("--" + BOUNDARY + "garbage\r\n\r\n"), TYPE, "boundary line");
        assertMalformed(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                + "a".repeat(MultipartStream.MAX_HEADER_BYTES) + "\"\r\n\r\nx\r\n--" + BOUNDARY + "--"), TYPE, "headers");
        assertMalformed(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data"), TYPE, "inside the headers");
        assertMalformed(complete, "multipart/form-data", "no valid boundary");
        assertMalformed(complete, "multipart/form-data; boundary=" + "b".repeat(71), "no valid boundary");
        assertMalformed(complete, null, "no valid boundary");
    }

    @Test
    void aBrokenRequestStreamIsRememberedAsTheFailure() throws IOException {
        byte[] body = new Body().file("files", "a.bin", new byte[100_000]).end();
        IOException gone = new IOException("Connection reset");
        InputStream breaking = new FilterInputStream(new ByteArrayInputStream(body, 0, 50_000)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw gone;
                }
                return n;
            }
        };
        MultipartStream form = MultipartStream.of(breaking, TYPE);
        MultipartStream.Part part = form.next();
        assertThatThrownBy(() -> part.content().readAllBytes()).isSameAs(gone);
        assertThat(form.failure()).isSameAs(gone);
    }

    private static void assertMalformed(byte[] body, String type, String message) {
        assertThatThrownBy(() -> readAll(trickle(body, 5), type)).isInstanceOf(MalformedMultipartException.class)
                .hasMessageContaining(message);
    }
}
