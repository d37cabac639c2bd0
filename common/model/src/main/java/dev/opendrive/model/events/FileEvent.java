package dev.opendrive.model.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The envelope on the bus and on the Kafka topic: {id, event, data, timestamp, service}.
 * The id is unique per event and lets consumers de-duplicate and trace a delivery.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileEvent(String id, String event, FileEventData data, String timestamp, String service) {

    public static final String FILE_UPLOADED = "file.uploaded";
    public static final String FILE_DELETED = "file.deleted";
    public static final String FILE_RESTORED = "file.restored";
    public static final String FILE_RENAMED = "file.renamed";
    public static final String FILE_MOVED = "file.moved";
    public static final String FOLDER_DELETED = "folder.deleted";

    public static FileEvent of(String event, FileEventData data, String service) {
        return new FileEvent(UUID.randomUUID().toString(), event, data, Instant.now().toString(), service);
    }

    /** Kafka record key: keeps one file's events in order while spreading files over partitions. */
    public String key() {
        if (data == null) {
            return null;
        }
        return data.fileId() != null ? data.fileId() : data.folderId();
    }
}
