package dev.opendrive.model.files;

import org.bson.types.ObjectId;

/** The single place that decides where a blob lives, from ids only. */
public final class StorageKeys {

    private StorageKeys() {
    }

    public static String file(ObjectId ownerId, ObjectId fileId) {
        return "files/" + ownerId.toHexString() + "/" + fileId.toHexString();
    }

    /**
     * (added) Replaced content of a file: a key of its own next to the first one (the old blob stays
     * readable until the document points at the new one). Not of the form {@link #file}, so storage
     * notifications (workers/functions) ignore it; the API publishes the event itself.
     */
    public static String fileContent(ObjectId ownerId, ObjectId fileId, ObjectId revision) {
        return file(ownerId, fileId) + "." + revision.toHexString();
    }

    public static String thumbnail(ObjectId fileId) {
        return "thumbnails/" + fileId.toHexString() + "_thumb.jpg";
    }
}
