package dev.opendrive.model.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Payload of a file event. file.uploaded carries {fileId, path, mimetype, userId, size, folderId}
 * as the old service did; later events fill what their consumers need and leave the rest null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileEventData(String fileId, String path, String mimetype, String userId, Long size, String folderId,
        String name, Boolean permanent) {

    public static FileEventData folder(String folderId, String userId, boolean permanent) {
        return new FileEventData(null, null, null, userId, null, folderId, null, permanent);
    }
}
