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

    public static String thumbnail(ObjectId fileId) {
        return "thumbnails/" + fileId.toHexString() + "_thumb.jpg";
    }
}
