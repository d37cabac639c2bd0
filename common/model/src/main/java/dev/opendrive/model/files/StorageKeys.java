package dev.opendrive.model.files;

import org.bson.types.ObjectId;

/** The single place that decides where a blob lives, from ids only. */
public final class StorageKeys {

    private StorageKeys() {
    }

    public static String file(ObjectId ownerId, ObjectId fileId) {
        return "files/" + ownerId.toHexString() + "/" + fileId.toHexString();
    }

    public static String thumbnail(ObjectId fileId) {
        return "thumbnails/" + fileId.toHexString() + "_thumb.jpg";
    }
}
