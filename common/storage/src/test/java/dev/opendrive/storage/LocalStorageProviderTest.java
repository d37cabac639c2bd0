package dev.opendrive.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageProviderTest {

    @TempDir
    Path root;

    @Test
    void savesStreamsReportsSizeAndHashAndReadsRanges() throws Exception {
        LocalStorageProvider storage = new LocalStorageProvider(root);
        byte[] content = new byte[1_000_003];
        new Random(1).nextBytes(content);
        StoredBlob blob = storage.save("files/u/f", new ByteArrayInputStream(content), 2_000_000);
        assertThat(blob.size()).isEqualTo(content.length);
        assertThat(blob.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(storage.exists("files/u/f")).isTrue();
        assertThat(storage.size("files/u/f")).isEqualTo(content.length);
        try (InputStream in = storage.open("files/u/f")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        try (InputStream in = storage.open("files/u/f", 10, 5)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 15));
        }
    }

    /** Large enough that the disk is flushed behind the writer several times (FlushBehind.STEP). */
    @Test
    void aBlobFlushedWhileStillBeingWrittenIsStoredWhole() throws Exception {
        LocalStorageProvider storage = new LocalStorageProvider(root);
        byte[] content = new byte[(int) (FlushBehind.STEP * 3 + 12_345)];
        new Random(2).nextBytes(content);
        StoredBlob blob = storage.save("files/u/big", new ByteArrayInputStream(content), content.length);
        assertThat(blob.size()).isEqualTo(content.length);
        assertThat(blob.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        try (InputStream in = storage.open("files/u/big")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        try (Stream<Path> tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    /** Over the limit after some flushes: the flush in flight must not outlive or break the cleanup. */
    @Test
    void aLargeBlobOverTheLimitLeavesNothingBehind() throws Exception {
        LocalStorageProvider storage = new LocalStorageProvider(root);
        long limit = FlushBehind.STEP * 2 + 1;
        assertThatThrownBy(() -> storage.save("files/u/big", new ByteArrayInputStream(new byte[(int) limit + 1]), limit))
                .isInstanceOf(BlobTooLargeException.class);
        assertThat(storage.exists("files/u/big")).isFalse();
        try (Stream<Path> tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void aBlobOverTheLimitLeavesNothingBehindAndKeepsThePreviousVersion() throws Exception {
        LocalStorageProvider storage = new LocalStorageProvider(root);
        storage.save("files/u/f", new ByteArrayInputStream("old".getBytes()), 10);
        assertThatThrownBy(() -> storage.save("files/u/f", new ByteArrayInputStream(new byte[11]), 10))
                .isInstanceOf(BlobTooLargeException.class);
        try (InputStream in = storage.open("files/u/f")) {
            assertThat(in.readAllBytes()).isEqualTo("old".getBytes());
        }
        try (Stream<Path> tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void aFailingSourceLeavesNoPartialBlob() throws Exception {
        LocalStorageProvider storage = new LocalStorageProvider(root);
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 1000) {
                    throw new IOException("client went away");
                }
                return 1;
            }
        };
        assertThatThrownBy(() -> storage.save("files/u/broken", failing, 10_000)).isInstanceOf(IOException.class);
        assertThat(storage.exists("files/u/broken")).isFalse();
        try (Stream<Path> tmp = Files.list(root.resolve(".tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    /** A process killed mid-upload leaves its partial file; the next process clears it on its first write. */
    @Test
    void partialFilesOfAKilledProcessAreClearedByTheNextOnesFirstWrite() throws Exception {
        Path tmp = Files.createDirectories(root.resolve(".tmp"));
        Path leftover = Files.write(tmp.resolve("killed-upload.part"), new byte[4096]);
        Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minusSeconds(60)));
        LocalStorageProvider storage = new LocalStorageProvider(root);

        storage.save("files/u/new", new ByteArrayInputStream("fresh".getBytes()), 100);

        assertThat(leftover).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        assertThat(storage.open("files/u/new").readAllBytes()).isEqualTo("fresh".getBytes());
    }

    @Test
    void keysCannotEscapeTheRoot() {
        LocalStorageProvider storage = new LocalStorageProvider(root);
        for (String key : new String[] { "../x", "files/../../x", "/etc/passwd", "files/a/../../../x", ".tmp/x", "",
                "files\\x", "files/a\u0000b" }) {
            assertThatThrownBy(() -> storage.open(key), key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void deleteAndMoveAndMissingBlobs() throws Exception {
        LocalStorageProvider storage = new LocalStorageProvider(root);
        storage.save("files/u/a", new ByteArrayInputStream("a".getBytes()), 10);
        storage.move("files/u/a", "files/u/b");
        assertThat(storage.exists("files/u/a")).isFalse();
        assertThat(storage.exists("files/u/b")).isTrue();
        assertThat(storage.delete("files/u/b")).isTrue();
        assertThat(storage.delete("files/u/b")).isFalse();
        assertThatThrownBy(() -> storage.open("files/u/b")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> storage.size("files/u/b")).isInstanceOf(BlobNotFoundException.class);
    }
}
