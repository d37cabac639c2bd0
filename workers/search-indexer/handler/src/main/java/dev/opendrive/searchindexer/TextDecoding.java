package dev.opendrive.searchindexer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Opens a byte stream as text without reading it whole: a byte-order mark decides (UTF-8, UTF-16,
 * UTF-32); otherwise the first 64 KB are checked: valid UTF-8 (the default, ASCII included) stays
 * UTF-8, a NUL byte in most even or odd positions means UTF-16 without a mark, anything else is
 * read as Windows-1252 (the usual legacy encoding, a superset of ISO-8859-1). Undecodable bytes
 * become U+FFFD rather than failing.
 */
final class TextDecoding {

    static final int SAMPLE = 64 * 1024;
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    private TextDecoding() {
    }

    static Reader open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, SAMPLE);
        in.mark(SAMPLE);
        byte[] sample = new byte[SAMPLE];
        int n = in.readNBytes(sample, 0, SAMPLE);
        in.reset();
        Charset charset;
        int bom = 0;
        if (startsWith(sample, n, 0x00, 0x00, 0xFE, 0xFF)) {
            charset = UTF_32BE;
            bom = 4;
        } else if (startsWith(sample, n, 0xFF, 0xFE, 0x00, 0x00)) {
            charset = UTF_32LE;
            bom = 4;
        } else if (startsWith(sample, n, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else if (startsWith(sample, n, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (startsWith(sample, n, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else {
            charset = guess(sample, n, n == SAMPLE);
        }
        in.skipNBytes(bom);
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new InputStreamReader(in, decoder);
    }

    static Charset guess(byte[] sample, int n, boolean more) {
        if (n >= 4) {
            int evenZeros = 0;
            int oddZeros = 0;
            for (int i = 0; i + 1 < n; i += 2) {
                evenZeros += sample[i] == 0 ? 1 : 0;
                oddZeros += sample[i + 1] == 0 ? 1 : 0;
            }
            int pairs = n / 2;
            if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) {
                return StandardCharsets.UTF_16LE;
            }
            if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) {
                return StandardCharsets.UTF_16BE;
            }
        }
        return isUtf8(sample, n, more) ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    /** Strict UTF-8 check; a sequence cut by the end of a partial sample does not count as an error. */
    static boolean isUtf8(byte[] sample, int n, boolean more) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(sample, 0, n);
        CharBuffer chars = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, !more);
            if (result.isError()) {
                return false;
            }
            if (result.isOverflow()) {
                chars.clear();
                continue;
            }
            break;
        }
        if (!more) {
            CoderResult result = decoder.flush(chars);
            return !result.isError();
        }
        return true;
    }

    private static boolean startsWith(byte[] data, int n, int... prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
