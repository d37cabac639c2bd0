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
     * (added) A later content of a file (an overwrite): next to its first key, unique per content
     * so that the content it replaces stays readable as a version.
     */
    public static String content(ObjectId ownerId, ObjectId fileId, ObjectId contentId) {
        return file(ownerId, fileId) + "_" + contentId.toHexString();
    }

    /**
     * One piece of a resumable upload's bytes, as one PATCH request delivered them. {@code unique}
     * (random) keeps two requests racing for the same offset off each other's blob.
     */
    public static String uploadChunk(ObjectId ownerId, ObjectId uploadId, long offset, String unique) {
        return "uploads/" + ownerId.toHexString() + "/" + uploadId.toHexString() + "/" + offset + "-" + unique;
    }

    public static String thumbnail(ObjectId fileId) {
        return "thumbnails/" + fileId.toHexString() + "_thumb.jpg";
    }
}
