package dev.opendrive.api.zip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.jboss.logging.Logger;

import dev.opendrive.platform.logging.LogEvent;
import dev.opendrive.storage.BlobNotFoundException;
import dev.opendrive.storage.StorageProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes a {@link ZipPlan} as a ZIP to a stream, one blob at a time straight from the storage
 * provider through a fixed buffer: no temporary file, and memory that does not grow with the bytes.
 * The JDK's writer sizes go after each entry's data (data descriptors), so nothing is read twice,
 * and it switches to ZIP64 records by itself past 65,535 entries or 4 GiB.
 *
 * <p>Text-like types are deflated at the fastest level; everything else (images, video, archives,
 * office files, unknown binaries) goes in deflate's stored blocks, which cost a copy and the CRC.
 *
 * <p>Once bytes are out the status cannot change: a blob missing from storage is left out and listed
 * in a last entry ({@link ZipPlan#reportName()}); a blob that fails mid-read aborts the response, so
 * the client sees a broken download instead of a silently truncated file. Writes to a connection the
 * client closed are dropped without an error, so the connection is asked before every read: a
 * cancelled download stops reading storage at once.
 */
@ApplicationScoped
public class ZipWriter {

    private static final Logger LOG = Logger.getLogger(ZipWriter.class);
    private static final int BUFFER = 64 * 1024;

    private static final Set<String> COMPRESSIBLE = Set.of("application/json", "application/xml",
            "application/javascript", "application/ecmascript", "application/x-sh", "application/x-tar",
            "application/rtf", "application/x-yaml", "application/yaml", "application/sql", "application/x-ndjson",
            "application/postscript", "application/wasm", "image/bmp", "image/x-ms-bmp", "image/tiff",
            "image/x-portable-anymap", "audio/wav", "audio/x-wav", "audio/vnd.wave", "application/x-sqlite3",
            "application/vnd.sqlite3");

    private final StorageProvider storage;

    public ZipWriter(StorageProvider storage) {
        this.storage = storage;
    }

    /**
     * Writes the archive. Returns early, quietly, once the client is gone ({@code connected} false,
     * or a write fails): nobody is left to tell. Throws when storage fails other than by a missing
     * blob, so the response is cut off.
     */
    public void write(ZipPlan plan, OutputStream out, BooleanSupplier connected) throws IOException {
        long started = System.nanoTime();
        List<String> missing = new ArrayList<>();
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, BUFFER), StandardCharsets.UTF_8);
        byte[] buffer = new byte[BUFFER];
        long[] bytes = {0};
        try {
            for (ZipPlan.Entry entry : plan.entries()) {
                requireClient(connected);
                if (entry.directory()) {
                    zip.putNextEntry(directory(entry));
                    zip.closeEntry();
                    continue;
                }
                InputStream in;
                try {
                    in = storage.open(entry.storageKey());
                } catch (BlobNotFoundException e) {
                    LogEvent.of("blob.missing").with("key", entry.storageKey()).with("in", "zip").error(LOG, null);
                    missing.add(entry.path());
                    continue;
                } catch (IOException e) {
                    throw new StorageFailure(entry, e);
                }
                try (InputStream source = in) {
                    zip.setLevel(compressible(entry.mimeType()) ? Deflater.BEST_SPEED : Deflater.NO_COMPRESSION);
                    zip.putNextEntry(file(entry));
                    copy(source, zip, buffer, entry, connected, bytes);
                    zip.closeEntry();
                }
            }
            if (!missing.isEmpty() || !plan.skipped().isEmpty()) {
                writeReport(zip, plan, missing);
            }
            zip.finish();
            zip.flush();
        } catch (StorageFailure e) {
            LogEvent.of("zip.aborted").with("reason", "storage read failed").with("key", e.key)
                    .with("bytes", bytes[0]).error(LOG, e.getCause());
            throw e.getCause();
        } catch (IOException e) {
            // writes to the client failed, or it closed the connection
            LogEvent.of("zip.aborted").with("reason", "client gone").with("bytes", bytes[0]).info(LOG);
            return;
        }
        LogEvent.of("zip.sent").with("entries", plan.entries().size()).with("bytes", bytes[0])
                .with("missing", missing.size()).durationSince(started).info(LOG);
    }

    /** Reading a blob failed (other than by its absence): the archive cannot be completed. */
    private static final class StorageFailure extends RuntimeException {
        private final String key;

        StorageFailure(ZipPlan.Entry entry, IOException cause) {
            super(cause.getMessage(), cause, false, false);
            this.key = entry.storageKey();
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Copies one blob, counting into bytes[0]; read failures become StorageFailure. */
    private static void copy(InputStream source, OutputStream zip, byte[] buffer, ZipPlan.Entry entry,
            BooleanSupplier connected, long[] bytes) throws IOException {
        for (;;) {
            requireClient(connected);
            int n;
            try {
                n = source.read(buffer);
            } catch (IOException e) {
                throw new StorageFailure(entry, e);
            }
            if (n < 0) {
                return;
            }
            zip.write(buffer, 0, n);
            bytes[0] += n;
        }
    }

    private static void requireClient(BooleanSupplier connected) throws IOException {
        if (!connected.getAsBoolean()) {
            throw new IOException("The client closed the connection");
        }
    }

    private static ZipEntry directory(ZipPlan.Entry entry) {
        ZipEntry e = new ZipEntry(entry.path());
        e.setMethod(ZipEntry.STORED);
        e.setSize(0);
        e.setCompressedSize(0);
        e.setCrc(0);
        if (entry.modified() != null) {
            e.setLastModifiedTime(FileTime.from(entry.modified()));
        }
        return e;
    }

    private static ZipEntry file(ZipPlan.Entry entry) {
        ZipEntry e = new ZipEntry(entry.path());
        e.setMethod(ZipEntry.DEFLATED);
        if (entry.modified() != null) {
            e.setLastModifiedTime(FileTime.from(entry.modified()));
        }
        return e;
    }

    private static void writeReport(ZipOutputStream zip, ZipPlan plan, List<String> missing) throws IOException {
        StringBuilder text = new StringBuilder(
                "Some items could not be put in this archive. The server log names them too.\r\n\r\n");
        missing.forEach(path -> text.append(path).append(" (content not found in storage)\r\n"));
        plan.skipped().forEach(line -> text.append(line).append("\r\n"));
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ZipEntry e = new ZipEntry(plan.reportName());
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Whether deflating is worth its CPU: text and uncompressed formats, not media or archives. */
    static boolean compressible(String mimeType) {
        if (mimeType == null) {
            return false;
        }
        String type = mimeType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon).trim();
        }
        return type.startsWith("text/") || type.endsWith("+xml") || type.endsWith("+json")
                || COMPRESSIBLE.contains(type);
    }
}
