package dev.opendrive.api.backup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.model.db.DatabaseConfig;
import dev.opendrive.platform.logging.LogEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Online backups of the monolith's database into BACKUP_DIR, one directory per backup:
 * {@code db/opendrive.mv} (the snapshot), {@code db/blobs.tsv} (the blob every file document of the
 * snapshot needs) and {@code backup.json}. The blobs themselves are copied afterwards by
 * scripts/backup.sh: the database first, so every document in the snapshot has its blob in the copy
 * (docs/backup.md).
 */
@ApplicationScoped
public class BackupService {

    private static final Logger LOG = Logger.getLogger(BackupService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter DEFAULT_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What a backup wrote, as the route answers it. */
    public record Created(String message, String name, String path, long databaseBytes, long databaseVersion,
            Map<String, Long> documents, long blobs, long tookMs) {
    }

    private final BackupConfig config;
    private final DatabaseConfig database;
    private final Instance<DatabaseSnapshots> snapshots;
    private final ObjectMapper json;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Runs after the snapshot is written and before the backup is finished (tests). */
    private volatile Runnable afterSnapshot;

    public BackupService(BackupConfig config, DatabaseConfig database, Instance<DatabaseSnapshots> snapshots,
            ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.database = database;
        this.snapshots = snapshots;
    }

    /** Writes a backup named {@code requestedName} (a UTC timestamp when null). */
    public Created create(String requestedName) {
        if (database.externalUri().isPresent() || snapshots.isUnsatisfied()) {
            throw ApiException.conflict(ErrorCode.BACKUP_UNSUPPORTED,
                    "The database is MongoDB (MONGODB_URI): back it up with mongodump or your provider's snapshots");
        }
        Instant started = Instant.now();
        long startedNanos = System.nanoTime();
        String name = requestedName == null || requestedName.isBlank() ? DEFAULT_NAME.format(started) : requestedName;
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest(ErrorCode.INVALID_BACKUP_NAME,
                    "A backup name is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (!running.compareAndSet(false, true)) {
            throw ApiException.conflict(ErrorCode.BACKUP_RUNNING, "A backup is already being written");
        }
        try {
            return write(name, started, startedNanos);
        } finally {
            running.set(false);
        }
    }

    private Created write(String name, Instant started, long startedNanos) {
        Path target = config.dir().toAbsolutePath().normalize().resolve(name);
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException | RuntimeException e) {
            throw failed(target, e);
        }
        try {
            Files.createDirectory(target);
        } catch (FileAlreadyExistsException e) {
            throw ApiException.conflict(ErrorCode.BACKUP_EXISTS, "A backup named '" + name + "' exists already");
        } catch (IOException | RuntimeException e) {
            throw failed(target, e);
        }
        boolean done = false;
        try {
            DatabaseSnapshots.Written written = snapshots.get().write(Files.createDirectory(target.resolve("db")));
            Runnable hook = afterSnapshot;
            if (hook != null) {
                hook.run();
            }
            long tookMs = (System.nanoTime() - startedNanos) / 1_000_000;
            Created created = new Created("Database snapshot written; copy the blobs next (scripts/backup.sh)", name,
                    target.toString(), written.bytes(), written.version(), written.documents(), written.blobs(), tookMs);
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("name", name);
            description.put("startedAt", started.toString());
            description.put("databaseFile", "db/" + DatabaseSnapshots.DATABASE_FILE);
            description.put("databaseBytes", written.bytes());
            description.put("databaseVersion", written.version());
            description.put("documents", written.documents());
            description.put("blobList", "db/" + DatabaseSnapshots.BLOB_LIST);
            description.put("blobs", written.blobs());
            json.writer(SerializationFeature.INDENT_OUTPUT).writeValue(target.resolve("backup.json").toFile(), description);
            LogEvent.of("backup.created").with("name", name).with("databaseBytes", written.bytes())
                    .with("blobs", written.blobs()).durationSince(startedNanos).info(LOG);
            done = true;
            return created;
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failed(target, e);
        } finally {
            if (!done) {
                deleteQuietly(target);
            }
        }
    }

    /** Sets what runs between the snapshot and the end of a backup (tests: a backup held open). */
    void afterSnapshot(Runnable hook) {
        this.afterSnapshot = hook;
    }

    private static ApiException failed(Path target, Exception e) {
        LogEvent.of("backup.failed").with("target", target).with("error", e.toString()).warn(LOG);
        return new ApiException(500, ErrorCode.BACKUP_FAILED,
                "The backup could not be written to " + target + ": " + reason(e));
    }

    /** What went wrong, in words an operator acts on (the exception itself goes to the log). */
    private static String reason(Exception e) {
        if (e instanceof FileAlreadyExistsException) {
            return "a file that is not a directory is in the way (check BACKUP_DIR)";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "a directory on the way does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (the server's user must be able to write BACKUP_DIR)";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return "input/output error (details in the server log)";
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not remove the unfinished backup %s: %s", dir, e);
        }
    }
}
