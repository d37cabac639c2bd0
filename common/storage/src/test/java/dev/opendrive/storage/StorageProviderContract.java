package dev.opendrive.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** What every storage provider must do; each provider's test class runs all of it. */
abstract class StorageProviderContract {

    abstract StorageProvider provider() throws Exception;

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void savesAStreamAndReportsSizeAndSha256() throws Exception {
        StorageProvider storage = provider();
        byte[] content = random(3 * 1024 * 1024 + 5);
        StoredBlob blob = storage.save("files/u/a", new ByteArrayInputStream(content), 10_000_000);
        assertThat(blob.key()).isEqualTo("files/u/a");
        assertThat(blob.size()).isEqualTo(content.length);
        assertThat(blob.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(storage.exists("files/u/a")).isTrue();
        assertThat(storage.size("files/u/a")).isEqualTo(content.length);
        try (InputStream in = storage.open("files/u/a")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void readsRanges() throws Exception {
        StorageProvider storage = provider();
        byte[] content = random(100_000);
        storage.save("files/u/r", new ByteArrayInputStream(content), 1_000_000);
        try (InputStream in = storage.open("files/u/r", 1000, 500)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 1000, 1500));
        }
        try (InputStream in = storage.open("files/u/r", 99_990, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 99_990, 100_000));
        }
    }

    @Test
    void overTheLimitNothingIsStored() throws Exception {
        StorageProvider storage = provider();
        assertThatThrownBy(() -> storage.save("files/u/big", new ByteArrayInputStream(random(2000)), 1000))
                .isInstanceOf(BlobTooLargeException.class);
        assertThat(storage.exists("files/u/big")).isFalse();
    }

    @Test
    void aFailingSourceStoresNothing() throws Exception {
        StorageProvider storage = provider();
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 5000) {
                    throw new IOException("client disconnected");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> storage.save("files/u/broken", failing, 1_000_000)).isInstanceOf(IOException.class);
        assertThat(storage.exists("files/u/broken")).isFalse();
    }

    @Test
    void replacesDeletesAndMoves() throws Exception {
        StorageProvider storage = provider();
        storage.save("thumbnails/x_thumb.jpg", new ByteArrayInputStream("one".getBytes()), 100);
        storage.save("thumbnails/x_thumb.jpg", new ByteArrayInputStream("two".getBytes()), 100);
        try (InputStream in = storage.open("thumbnails/x_thumb.jpg")) {
            assertThat(in.readAllBytes()).isEqualTo("two".getBytes());
        }
        storage.move("thumbnails/x_thumb.jpg", "thumbnails/y_thumb.jpg");
        assertThat(storage.exists("thumbnails/x_thumb.jpg")).isFalse();
        assertThat(storage.delete("thumbnails/y_thumb.jpg")).isTrue();
        assertThat(storage.delete("thumbnails/y_thumb.jpg")).isFalse();
    }

    @Test
    void missingBlobsAreReportedAsSuch() throws Exception {
        StorageProvider storage = provider();
        assertThatThrownBy(() -> storage.open("files/u/none")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> storage.size("files/u/none")).isInstanceOf(BlobNotFoundException.class);
        assertThat(storage.exists("files/u/none")).isFalse();
    }
}
