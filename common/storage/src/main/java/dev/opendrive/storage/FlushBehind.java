package dev.opendrive.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * Writes to a file and has the disk catch up while the upload is still arriving. With one fsync at
 * the end, a 256 MiB upload first filled the page cache as fast as the network delivered it and only
 * then waited for the disk to write all of it; with the dirty data handed to the disk every
 * {@link #STEP} bytes by another thread (fdatasync does not take the channel's position lock, so
 * the writer keeps writing), receiving and writing back overlap and the final fsync has at most one
 * step left to do. Durability is unchanged: {@link #finish} forces everything, metadata included,
 * before the caller renames the file into place.
 */
final class FlushBehind extends OutputStream {

    static final long STEP = 16L * 1024 * 1024;

    private final FileChannel channel;
    private final Executor flusher;
    private long unflushed;
    private Future<?> running = CompletableFuture.completedFuture(null);

    FlushBehind(FileChannel channel, Executor flusher) {
        this.channel = channel;
        this.flusher = flusher;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        unflushed += len;
        if (unflushed >= STEP && running.isDone()) {
            awaitRunning(); // done already: only reports a flush that failed
            unflushed = 0;
            running = CompletableFuture.runAsync(() -> {
                try {
                    channel.force(false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, flusher);
        }
    }

    /** Waits for the flush in flight, then forces the rest: the file is on disk when this returns. */
    void finish() throws IOException {
        awaitRunning();
        channel.force(true);
    }

    private void awaitRunning() throws IOException {
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while flushing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
    }

    /** An abandoned write (limit exceeded, client gone) must not leave a flush running on a closed file. */
    @Override
    public void close() throws IOException {
        try {
            awaitRunning();
        } catch (IOException e) {
            // the write failed or was abandoned anyway; the caller deletes the file
        }
    }
}
