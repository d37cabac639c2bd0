package dev.opendrive.api.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.fileupload2.core.ParameterParser;

/**
 * A multipart/form-data body read part by part as it arrives. Each part's content is an
 * {@link InputStream} that ends at the next boundary, so a file goes from the request straight to
 * whoever reads it: nothing is spooled, and memory is one {@value #BUFFER}-byte buffer whatever the
 * size of the body. The header grammar (boundary, Content-Disposition parameters, RFC 2231
 * {@code filename*}) is Commons FileUpload's {@link ParameterParser}.
 * <p>
 * Hand-written scan: Commons FileUpload 2.0.0-M4's MultipartInput scans ~300 MiB/s, this
 * Boyer-Moore-Horspool one ~5 GiB/s (measured on the same 256 MiB body).
 * <p>
 * Not thread-safe; one instance per request. A format error is a {@link MalformedMultipartException};
 * any other {@link IOException} comes from the request itself (the client went away, a read timed
 * out). Either way {@link #failure()} remembers it, so a caller can tell it from a failure of the
 * place the content was being written to.
 */
final class MultipartStream {

    /** Large enough that a part's content is handed on in big pieces; a boundary is at most 70 bytes. */
    static final int BUFFER = 64 * 1024;
    /**
     * The headers of one part. A file name of 255 characters is up to 1 KiB in UTF-8, twice that when
     * a client also sends it as {@code filename*}; browsers send two short headers besides.
     */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_BOUNDARY = 70;
    private static final int MAX_PADDING = 256;

    /** One part: its field name, its file name (null for a text field) and its content. */
    final class Part {
        private final String name;
        private final String fileName;
        private final InputStream content = new Content();

        private Part(String name, String fileName) {
            this.name = name;
            this.fileName = fileName;
        }

        /** The field name; null when the part has none. */
        String name() {
            return name;
        }

        /** The file name as the client sent it (may be empty); null for a text field. */
        String fileName() {
            return fileName;
        }

        boolean isFile() {
            return fileName != null;
        }

        /** The content up to the next boundary. Reading past this part is impossible: it ends there. */
        InputStream content() {
            return content;
        }

        /** A text field's value (UTF-8); null when it is longer than maxBytes. */
        String text(int maxBytes) throws IOException {
            byte[] value = content.readNBytes(maxBytes + 1);
            return value.length > maxBytes ? null : new String(value, StandardCharsets.UTF_8);
        }

        private final class Content extends InputStream {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (current != Part.this) {
                    return -1; // the stream has moved on to the next part
                }
                return readContent(b, off, len);
            }
        }
    }

    private final InputStream in;
    /** CRLF "--" boundary: what ends every part. */
    private final byte[] delimiter;
    /** Boyer-Moore-Horspool: how far the window may move when its last byte is b. */
    private final int[] shift = new int[256];
    private final byte[] buffer = new byte[BUFFER];
    private int head;
    private int tail;
    /** Where the next delimiter starts, or -1 when not known yet. */
    private int delimiterAt = -1;
    /** No delimiter starts in [head, searchedTo): a delimiter search goes on from there. */
    private int searchedTo;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private Part current;
    private IOException failure;

    private MultipartStream(InputStream in, byte[] boundary) {
        this.in = in;
        this.delimiter = new byte[boundary.length + 4];
        delimiter[0] = '\r';
        delimiter[1] = '\n';
        delimiter[2] = '-';
        delimiter[3] = '-';
        System.arraycopy(boundary, 0, delimiter, 4, boundary.length);
        Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
        // A body starts with "--boundary", without the CRLF that comes before every later one.
        buffer[0] = '\r';
        buffer[1] = '\n';
        tail = 2;
    }

    /**
     * The body of a request with this Content-Type.
     *
     * @throws MalformedMultipartException when the type has no usable boundary parameter
     */
    static MultipartStream of(InputStream body, String contentType) throws MalformedMultipartException {
        String boundary = contentType == null ? null
                : parameters(contentType, new char[] { ';', ',' }).get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(boundary)) {
            throw new MalformedMultipartException("The multipart Content-Type has no valid boundary");
        }
        return new MultipartStream(body, boundary.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The next part, or null after the closing boundary. Whatever is left of the previous part is
     * skipped (scanned, not kept); so is the preamble before the first part.
     */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (!started || current != null) {
            skipContent();
            started = true;
        }
        current = null;
        // just after a delimiter: "--" closes the body, otherwise padding, CRLF and the part's headers
        require(2);
        if (buffer[head] == '-' && buffer[head + 1] == '-') {
            head += 2;
            finished = true;
            return null;
        }
        int p = head;
        while (true) {
            if (p - head > MAX_PADDING) {
                throw fail(new MalformedMultipartException("Malformed multipart boundary line"));
            }
            if (p + 2 > tail) {
                int at = p - head;
                require(at + 2);
                p = head + at;
                continue;
            }
            byte b = buffer[p];
            if (b == ' ' || b == '\t') {
                p++;
            } else if (b == '\r' && buffer[p + 1] == '\n') {
                break;
            } else {
                throw fail(new MalformedMultipartException("Malformed multipart boundary line"));
            }
        }
        head = p; // at the CRLF that ends the boundary line: the headers end at the next CRLF CRLF
        String headers = readHeaders();
        Part part = part(headers);
        current = part;
        delimiterAt = -1;
        searchedTo = head;
        return part;
    }

    /** The failure the body has had, if any: malformed, or the request's own stream failed. */
    IOException failure() {
        return failure;
    }

    /** Reads the rest of the request and drops it, so the client that is still sending gets its answer. */
    void drain() {
        if (failure == null || failure instanceof MalformedMultipartException) {
            drain(in);
        } // else the request stream itself is broken: nothing more will come
    }

    /** Reads a body to its end and drops it; stops quietly when the client is gone. */
    static void drain(InputStream body) {
        byte[] scratch = new byte[BUFFER];
        try {
            while (body.read(scratch) != -1) {
                // dropped
            }
        } catch (IOException | RuntimeException e) {
            // the client is gone, or the body passed the HTTP layer's limit: nothing more to read
        }
    }

    /** The part's headers, from the CRLF ending its boundary line to the empty line, both excluded. */
    private String readHeaders() throws IOException {
        int from = head;
        while (true) {
            for (int i = from; i + 3 < tail; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    String headers = new String(buffer, head + 2, Math.max(0, i - head - 2), StandardCharsets.UTF_8);
                    head = i + 4;
                    return headers;
                }
            }
            if (tail - head > MAX_HEADER_BYTES) {
                throw fail(new MalformedMultipartException(
                        "The headers of a multipart part are longer than " + MAX_HEADER_BYTES + " bytes"));
            }
            int resume = Math.max(from, tail - 3) - head;
            if (!fill()) {
                throw fail(new MalformedMultipartException("The multipart body ended inside the headers of a part"));
            }
            from = head + resume;
        }
    }

    /** The part's names from its Content-Disposition; a part without a form-data one has none. */
    private Part part(String headers) {
        String[] lines = headers.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            StringBuilder line = new StringBuilder(lines[i]);
            while (i + 1 < lines.length && !lines[i + 1].isEmpty()
                    && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                line.append(' ').append(lines[++i].strip()); // a folded header goes on
            }
            int colon = line.indexOf(":");
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("content-disposition")) {
                String disposition = line.substring(colon + 1).strip();
                if (!disposition.regionMatches(true, 0, "form-data", 0, "form-data".length())) {
                    break;
                }
                Map<String, String> params = parameters(disposition, new char[] { ';' });
                // filename="" (a file input left empty) is a file part with an empty name, as it always was
                String fileName = params.containsKey("filename") ? Objects.requireNonNullElse(params.get("filename"), "") : null;
                return new Part(params.get("name"), fileName);
            }
        }
        return new Part(null, null);
    }

    private static Map<String, String> parameters(String header, char[] separators) {
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        return parser.parse(header, separators);
    }

    /** Content of the current part (or the preamble) into b; -1 once its delimiter is reached. */
    private int readContent(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (delimiterAt < 0) {
                delimiterAt = find();
            }
            if (delimiterAt == head) {
                head += delimiter.length;
                delimiterAt = -1;
                current = null;
                return -1;
            }
            int end = delimiterAt >= 0 ? delimiterAt : tail - (delimiter.length - 1);
            if (end > head) {
                int n = Math.min(len, end - head);
                System.arraycopy(buffer, head, b, off, n);
                head += n;
                return n;
            }
            if (!fill()) {
                throw fail(new MalformedMultipartException(started
                        ? "The multipart body ended before its closing boundary"
                        : "The multipart body has no boundary"));
            }
        }
    }

    private void skipContent() throws IOException {
        byte[] scratch = new byte[8192];
        while (readContent(scratch, 0, scratch.length) != -1) {
            // the rest of the part (or the preamble) is not wanted
        }
    }

    /** Where the delimiter starts in [head, tail), -1 if not there (yet); remembers how far it looked. */
    private int find() {
        int last = delimiter.length - 1;
        byte lastByte = delimiter[last];
        int i = Math.max(head, searchedTo);
        while (i + last < tail) {
            byte b = buffer[i + last];
            if (b == lastByte) {
                int j = last - 1;
                while (j >= 0 && buffer[i + j] == delimiter[j]) {
                    j--;
                }
                if (j < 0) {
                    return i;
                }
            }
            i += shift[b & 0xff];
        }
        searchedTo = i;
        return -1;
    }

    /** Makes sure at least n bytes from head are in the buffer. */
    private void require(int n) throws IOException {
        while (tail - head < n) {
            if (!fill()) {
                throw fail(new MalformedMultipartException("The multipart body ended before its closing boundary"));
            }
        }
    }

    /** Moves what is unread to the front and reads more; false at the end of the body. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (head > 0) {
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            tail -= head;
            searchedTo = Math.max(0, searchedTo - head);
            if (delimiterAt >= 0) {
                delimiterAt -= head;
            }
            head = 0;
        }
        if (tail == buffer.length) {
            return true; // full: the caller consumes before asking again
        }
        int n;
        try {
            n = in.read(buffer, tail, buffer.length - tail);
        } catch (IOException e) {
            throw fail(e);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        tail += n;
        return true;
    }

    private <E extends IOException> E fail(E e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** The body is not multipart/form-data as RFC 7578 writes it. */
    static final class MalformedMultipartException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedMultipartException(String message) {
            super(message);
        }
    }
}
