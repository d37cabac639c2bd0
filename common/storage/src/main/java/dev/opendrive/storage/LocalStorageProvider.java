package dev.opendrive.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Blobs as files below one directory. Writes go to a temporary file in the same file system that
 * is fsynced and atomically renamed into place, so a crash never leaves a half-written blob under
 * a real key.
 */
public class LocalStorageProvider implements StorageProvider {

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_.\\-]+)*");

    private final Path root;
    private final Path tmp;
    private final Instant created = Instant.now();
    private final AtomicBoolean leftoversSwept = new AtomicBoolean();
    private volatile ExecutorService flusher;

    public LocalStorageProvider(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve(".tmp");
    }

    /**
     * Partial files a killed process left in the temporary directory (a kill in the middle of an
     * upload); done once, on the first write, never at boot. Files written since this provider
     * exists belong to uploads in progress and are kept.
     */
    private void sweepLeftovers() {
        if (!leftoversSwept.compareAndSet(false, true) || !Files.isDirectory(tmp)) {
            return;
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path part : parts) {
                try {
                    if (Files.getLastModifiedTime(part).toInstant().isBefore(created)) {
                        Files.deleteIfExists(part);
                    }
                } catch (IOException e) {
                    // another process' file or already gone: not ours to insist on
                }
            }
        } catch (IOException e) {
            // the next process tries again
        }
    }

    /** Threads that fsync uploads in progress ({@link FlushBehind}); made on the first write, never at boot. */
    private ExecutorService flusher() {
        ExecutorService pool = flusher;
        if (pool == null) {
            synchronized (this) {
                if (flusher == null) {
                    flusher = Executors.newCachedThreadPool(task -> {
                        Thread thread = new Thread(task, "blob-flusher");
                        thread.setDaemon(true);
                        return thread;
                    });
                }
                pool = flusher;
            }
        }
        return pool;
    }

    @Override
    public String name() {
        return "local";
    }

    public Path root() {
        return root;
    }

    @Override
    public StoredBlob save(String key, InputStream content, long maxBytes) throws IOException {
        Path target = resolve(key);
        sweepLeftovers();
        Files.createDirectories(tmp);
        Path part = tmp.resolve(UUID.randomUUID() + ".part");
        HashingCopy copy = new HashingCopy();
        try {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    FlushBehind out = new FlushBehind(channel, flusher())) {
                copy.copy(content, out, maxBytes);
                out.finish();
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(part);
        }
        return copy.result(key);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        Path path = resolve(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        }
        channel.position(offset);
        InputStream in = Channels.newInputStream(channel);
        return length < 0 ? in : new BoundedInputStream(in, length);
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new BlobNotFoundException(key);
        }
        return Optional.of(path);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(resolve(key));
    }

    @Override
    public void move(String fromKey, String toKey) throws IOException {
        Path target = resolve(toKey);
        Files.createDirectories(target.getParent());
        try {
            Files.move(resolve(fromKey), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(fromKey);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(resolve(key));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        }
    }

    /** Keys are ours, but a key from a tampered document must still never leave the root. */
    Path resolve(String key) {
        if (key == null || !SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("Invalid storage key");
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.startsWith(tmp)) {
            throw new IllegalArgumentException("Invalid storage key");
        }
        return path;
    }


    /** Reads at most limit bytes from the wrapped stream. */
    static final class BoundedInputStream extends FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}
