package dev.opendrive.api.files;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.inject.Singleton;
import dev.opendrive.platform.logging.LogEvent;

/**
 * Removes multipart bodies that Quarkus spooled to disk for requests of an earlier process: a process
 * killed mid-upload leaves them behind and nothing else ever deletes them. Runs once, on this
 * process's first upload rather than at boot (start-up stays free of work); a file older than this
 * process cannot belong to one of its requests.
 */
@Singleton
public class UploadSpoolSweeper {

    private static final Logger LOG = Logger.getLogger(UploadSpoolSweeper.class);

    private final Path spool;
    private final AtomicBoolean swept = new AtomicBoolean();

    public UploadSpoolSweeper(@ConfigProperty(name = "quarkus.http.body.uploads-directory") Path spool) {
        this.spool = spool;
    }

    public void sweepOnce() {
        if (swept.compareAndSet(false, true)) {
            sweep(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
        }
    }

    /** Deletes the regular files in the spool directory last modified before {@code cutoff}. */
    int sweep(Instant cutoff) {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(spool)) {
            for (Path entry : entries) {
                try {
                    if (Files.isRegularFile(entry) && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(entry);
                        removed++;
                    }
                } catch (IOException e) {
                    LogEvent.of("upload.spool_sweep_failed").with("file", entry.getFileName()).with("error", e.toString())
                            .warn(LOG);
                }
            }
        } catch (IOException e) {
            LogEvent.of("upload.spool_sweep_failed").with("dir", spool).with("error", e.toString()).warn(LOG);
        }
        if (removed > 0) {
            LogEvent.of("upload.spool_swept").with("removed", removed).info(LOG);
        }
        return removed;
    }
}
