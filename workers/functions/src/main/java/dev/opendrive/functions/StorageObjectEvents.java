package dev.opendrive.functions;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.EventData.FileUploaded;
import dev.opendrive.model.events.FileRef;
import dev.opendrive.model.events.UnprocessableEventException;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.storage.GcsConfig;
import dev.opendrive.model.files.StorageKeys;
import jakarta.inject.Singleton;

/**
 * Turns a GCS {@code google.cloud.storage.object.v1.finalized} event into the file.uploaded event
 * the API would have published, so the handlers run unchanged. The object name is the storage key
 * ({@link StorageKeys#file}, or {@link StorageKeys#content} for a later content of the file), which
 * names the file; only the file's current content makes an event (a version's key does not match the
 * document's). The event is built from the file document, not
 * from the object's metadata (the document holds the sniffed type, the name and the folder).
 * Objects that are not uploads (thumbnails, which this very function writes, or other prefixes) are
 * ignored, so a thumbnail's own finalized event cannot loop.
 */
@Singleton
public class StorageObjectEvents {

    public static final String FINALIZED = "google.cloud.storage.object.v1.finalized";
    static final String SERVICE = "gcs";

    private static final Logger LOG = Logger.getLogger(StorageObjectEvents.class);
    private static final Pattern FILE_KEY = Pattern.compile("files/([0-9a-f]{24})/([0-9a-f]{24})(?:_[0-9a-f]{24})?");

    private final ObjectMapper json;
    private final FileRepository files;
    private final GcsConfig gcs;
    private final FunctionsConfig config;

    public StorageObjectEvents(ObjectMapper json, FileRepository files, GcsConfig gcs, FunctionsConfig config) {
        this.json = json;
        this.files = files;
        this.gcs = gcs;
        this.config = config;
    }

    /**
     * The file event for a finalized object, or empty when the object is none of ours to handle.
     *
     * @throws FileNotRecordedYetException the object is fresh and its document not saved yet:
     *             fail the delivery so Eventarc retries
     */
    public Optional<FileEvent> toFileEvent(String eventId, Instant eventTime, byte[] data)
            throws UnprocessableEventException {
        JsonNode object;
        try {
            object = data == null ? null : json.readTree(data);
        } catch (IOException e) {
            throw new UnprocessableEventException("storage event data is not JSON", e);
        }
        if (object == null || !object.isObject() || !object.path("name").isTextual()) {
            throw new UnprocessableEventException("storage event without an object name");
        }
        String bucket = object.path("bucket").asText("");
        String name = object.path("name").textValue();
        Optional<String> ours = gcs.bucket().filter(b -> !b.isBlank());
        if (ours.isPresent() && !ours.get().equals(bucket)) {
            LOG.infof("event=push.ignored reason=other-bucket bucket=%s name=%s", bucket, name);
            return Optional.empty();
        }
        Matcher key = FILE_KEY.matcher(name);
        if (!key.matches()) {
            LOG.debugf("event=push.ignored reason=not-an-upload bucket=%s name=%s", bucket, name);
            return Optional.empty();
        }
        ObjectId ownerId = new ObjectId(key.group(1));
        ObjectId fileId = new ObjectId(key.group(2));
        FileDocument file = files.findById(fileId);
        if (file == null) {
            Duration age = Duration.between(eventTime, Instant.now());
            if (age.compareTo(config.storageEventGrace()) < 0) {
                throw new FileNotRecordedYetException(fileId, age);
            }
            LOG.infof("event=push.ignored reason=file-missing fileId=%s name=%s ageSeconds=%d", fileId, name,
                    age.toSeconds());
            return Optional.empty();
        }
        if (!name.equals(file.storageKey) || !ownerId.equals(file.ownerId)) {
            LOG.warnf("event=push.ignored reason=key-mismatch fileId=%s name=%s storageKey=%s", fileId, name,
                    file.storageKey);
            return Optional.empty();
        }
        return Optional.of(new FileEvent(SERVICE + "-" + eventId, new FileUploaded(FileRef.of(file)),
                eventTime.toString(), SERVICE));
    }

    /** The blob is there but the API has not saved its document yet: worth a redelivery. */
    public static final class FileNotRecordedYetException extends RuntimeException {

        FileNotRecordedYetException(ObjectId fileId, Duration age) {
            super("file " + fileId + " is not recorded yet, " + age.toSeconds() + "s after its blob was finalized");
        }
    }
}
