package dev.opendrive.model.events;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.model.files.FileDocument;

/**
 * The file an event is about, as every file event carries it: {fileId, path, mimetype, userId,
 * size, folderId} of the old service's file.uploaded payload, plus the display name. Ids are
 * strings as they travel; a handler that needs one parses it and refuses the event if it cannot.
 */
public record FileRef(String fileId, String path, String mimetype, String userId, Long size, String folderId,
        String name) {

    /** What an event says about a file document. */
    public static FileRef of(FileDocument f) {
        return new FileRef(f.id.toHexString(), f.storageKey, f.mimeType, ObjectIds.str(f.ownerId), f.size,
                ObjectIds.str(f.folderId), f.originalName);
    }
}
