package dev.opendrive.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one place that copies a blob with its SHA-256 and enforces the size limit, for every provider. */
final class HashingCopy {

    private static final int BUFFER = 256 * 1024;

    private final MessageDigest sha256 = newSha256();
    private long size;

    /** Copies everything, hashing on the way; fails as soon as the stream passes maxBytes. */
    long copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) != -1) {
            size += n;
            if (size > maxBytes) {
                throw new BlobTooLargeException(maxBytes);
            }
            sha256.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        out.flush();
        return size;
    }

    StoredBlob result(String key) {
        return new StoredBlob(key, size, HexFormat.of().formatHex(sha256.digest()));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
