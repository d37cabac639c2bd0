package dev.opendrive.api.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opendrive.storage.BlobNotFoundException;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.storage.StoredBlob;

/**
 * The archive format at the sizes where plain ZIP runs out: more than 65,535 entries, and an entry
 * over 4 GiB. Blobs come from a made-up storage provider, so no data is stored for either.
 */
class ZipWriterTest {

    /** Blob key "zeros:N" is N zero bytes, made as they are read; "n:..." is one byte. */
    static final class MadeUpStorage implements StorageProvider {
        int opened;

        @Override
        public String name() {
            return "made-up";
        }

        @Override
        public InputStream open(String key, long offset, long length) throws IOException {
            opened++;
            if (key.startsWith("zeros:")) {
                long size = Long.parseLong(key.substring(6));
                return new InputStream() {
                    long left = size;

                    @Override
                    public int read() {
                        return left-- > 0 ? 0 : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = (int) Math.min(len, left);
                        Arrays.fill(b, off, off + n, (byte) 0);
                        left -= n;
                        return n;
                    }
                };
            }
            if (key.startsWith("fails-after:")) {
                long good = Long.parseLong(key.substring(12));
                return new InputStream() {
                    long left = good;

                    @Override
                    public int read() throws IOException {
                        if (left-- <= 0) {
                            throw new IOException("disk error");
                        }
                        return 'x';
                    }
                };
            }
            if (key.startsWith("n:")) {
                return InputStream.nullInputStream();
            }
            throw new BlobNotFoundException(key);
        }

        @Override
        public StoredBlob save(String key, InputStream content, long maxBytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void move(String fromKey, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean exists(String key) {
            return true;
        }

        @Override
        public long size(String key) {
            throw new UnsupportedOperationException();
        }
    }

    private final MadeUpStorage storage = new MadeUpStorage();
    private final ZipWriter writer = new ZipWriter(storage);

    @Test
    void moreThan65535EntriesGetZip64EndRecordsThatReadersFollow(@TempDir Path dir) throws IOException {
        int count = 70_000;
        List<ZipPlan.Entry> entries = new ArrayList<>(count + 1);
        entries.add(new ZipPlan.Entry("many/", null, null, 0, Instant.EPOCH));
        for (int i = 0; i < count; i++) {
            entries.add(new ZipPlan.Entry("many/f" + i, "n:" + i, "text/plain", 0, null));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        writer.write(new ZipPlan("many.zip", entries, List.of(), "MISSING.txt"), out, () -> true);

        byte[] zip = out.toByteArray();
        ByteBuffer end = ByteBuffer.wrap(zip, zip.length - 22, 22).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(end.getInt(zip.length - 22)).as("end of central directory").isEqualTo(0x06054b50);
        assertThat(end.getShort(zip.length - 22 + 10) & 0xffff).as("16-bit entry count").isEqualTo(0xffff);
        assertThat(ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(zip.length - 22 - 20))
                .as("ZIP64 end of central directory locator").isEqualTo(0x07064b50);
        Path file = Files.write(dir.resolve("many.zip"), zip);
        try (ZipFile read = new ZipFile(file.toFile())) {
            assertThat(read.size()).isEqualTo(count + 1);
            assertThat(read.getEntry("many/f69999")).isNotNull();
        }
    }

    @Test
    void anEntryOver4GiBGetsZip64SizesAndTheArchiveStreamsThroughWithoutBeingHeld() throws IOException {
        long size = 4L * 1024 * 1024 * 1024 + 1;
        List<ZipPlan.Entry> entries = List.of(new ZipPlan.Entry("big/", null, null, 0, null),
                new ZipPlan.Entry("big/zeros.bin", "zeros:" + size, "application/octet-stream", size, null),
                new ZipPlan.Entry("big/after.txt", "n:after", "text/plain", 0, null));
        TailKeeper out = new TailKeeper(1 << 16);

        writer.write(new ZipPlan("big.zip", entries, List.of(), "MISSING.txt"), out, () -> true);

        assertThat(out.total).isGreaterThan(size);
        // the central directory record of zeros.bin: sizes 0xFFFFFFFF pointing to a ZIP64 extra field
        byte[] tail = out.tail();
        int cen = indexOf(tail, "big/zeros.bin".getBytes(), indexOf(tail, new byte[] {0x50, 0x4b, 0x01, 0x02}, 0));
        ByteBuffer b = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
        int header = cen - 46;
        assertThat(b.getInt(header)).isEqualTo(0x02014b50);
        assertThat(b.getInt(header + 20)).as("compressed size").isEqualTo(0xffffffff);
        assertThat(b.getInt(header + 24)).as("size").isEqualTo(0xffffffff);
        int extra = cen + "big/zeros.bin".length();
        assertThat(b.getShort(extra)).as("ZIP64 extra field id").isEqualTo((short) 1);
        assertThat(b.getLong(extra + 4)).as("ZIP64 size").isEqualTo(size);
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[1 << 20];
        for (long left = size; left > 0; left -= Math.min(left, zeros.length)) {
            crc.update(zeros, 0, (int) Math.min(left, zeros.length));
        }
        assertThat(Integer.toUnsignedLong(b.getInt(header + 16))).as("CRC-32").isEqualTo(crc.getValue());
    }

    @Test
    void aMissingBlobIsLeftOutAndListedAtTheEnd() throws IOException {
        List<ZipPlan.Entry> entries = List.of(new ZipPlan.Entry("d/", null, null, 0, null),
                new ZipPlan.Entry("d/gone.txt", "lost", "text/plain", 4, null),
                new ZipPlan.Entry("d/kept.txt", "n:kept", "text/plain", 0, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        writer.write(new ZipPlan("d.zip", entries, List.of("d/deep/ (path too long for a ZIP entry)"),
                "MISSING (1).txt"), out, () -> true);

        Unzipped zip = Unzipped.of(out.toByteArray());
        assertThat(zip.entries().keySet()).containsExactly("d/", "d/kept.txt", "MISSING (1).txt");
        assertThat(zip.text("MISSING (1).txt")).contains("d/gone.txt (content not found in storage)")
                .contains("d/deep/ (path too long for a ZIP entry)");
    }

    @Test
    void aClientThatLeftStopsTheReadingOfFurtherBlobs() throws IOException {
        List<ZipPlan.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(new ZipPlan.Entry("f" + i, "zeros:1000000", "application/octet-stream", 1_000_000, null));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the connection closes while the third file is being copied
        BooleanSupplier connected = () -> out.size() < 2_500_000;

        writer.write(new ZipPlan("x.zip", entries, List.of(), "MISSING.txt"), out, connected);

        assertThat(storage.opened).isEqualTo(3);
    }

    @Test
    void aBlobThatFailsMidReadCutsTheArchiveOff() {
        List<ZipPlan.Entry> entries = List.of(new ZipPlan.Entry("ok", "zeros:10", "text/plain", 10, null),
                new ZipPlan.Entry("broken", "fails-after:100000", "text/plain", 200_000, null),
                new ZipPlan.Entry("never", "zeros:10", "text/plain", 10, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> writer.write(new ZipPlan("x.zip", entries, List.of(), "MISSING.txt"), out, () -> true))
                .isInstanceOf(IOException.class).hasMessage("disk error");
        assertThat(storage.opened).isEqualTo(2);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** Counts what goes through and keeps only the last bytes (where the central directory is). */
    static final class TailKeeper extends OutputStream {
        private final byte[] ring;
        long total;

        TailKeeper(int size) {
            ring = new byte[size];
        }

        @Override
        public void write(int b) {
            ring[(int) (total++ % ring.length)] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > ring.length) {
                off += len - ring.length;
                total += len - ring.length;
                len = ring.length;
            }
            int pos = (int) (total % ring.length);
            int first = Math.min(len, ring.length - pos);
            System.arraycopy(b, off, ring, pos, first);
            System.arraycopy(b, off + first, ring, 0, len - first);
            total += len;
        }

        byte[] tail() {
            int n = (int) Math.min(total, ring.length);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = ring[(int) ((total - n + i) % ring.length)];
            }
            return out;
        }
    }
}
