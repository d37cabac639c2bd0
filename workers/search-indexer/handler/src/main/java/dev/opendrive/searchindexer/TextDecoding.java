package dev.opendrive.searchindexer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.io.IOUtils;
import org.apache.tika.detect.CompositeEncodingDetector;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.txt.BOMDetector;

/**
 * The charset of text without a declared one: a byte-order mark decides (UTF-8, UTF-16, UTF-32:
 * Tika's {@link BOMDetector}); otherwise the first 64 KB are checked: valid UTF-8 (the default,
 * ASCII included) stays UTF-8, a NUL byte in most even or odd positions means UTF-16 without a
 * mark, anything else is read as Windows-1252 (the usual legacy encoding, a superset of
 * ISO-8859-1). Tika's {@code AutoDetectReader} then decodes with it, undecodable bytes becoming U+FFFD.
 */
// Kept hand-written (the guess): Tika's own detectors measured wrong on the documented cases (ExtractionBench charsets):
// BOM-less UTF-16 read as ISO-8859-1, Windows-1252 '€' and curly quotes as C1 controls, short ASCII as IBM500 (EBCDIC).
final class TextDecoding implements EncodingDetector {

    static final int SAMPLE = 64 * 1024;
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Byte-order marks first, then the guess. */
    static final EncodingDetector DETECTOR = new CompositeEncodingDetector(
            List.of(new BOMDetector(), new TextDecoding()));

    private TextDecoding() {
    }

    @Override
    public Charset detect(InputStream in, Metadata metadata) throws IOException {
        if (in == null) {
            return null;
        }
        byte[] sample = new byte[SAMPLE];
        in.mark(SAMPLE);
        int n;
        try {
            n = IOUtils.read(in, sample);
        } finally {
            in.reset();
        }
        return guess(sample, n, n == SAMPLE);
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
}
