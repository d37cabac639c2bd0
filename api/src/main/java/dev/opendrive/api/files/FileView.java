package dev.opendrive.api.files;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.api.json.Dates;
import dev.opendrive.model.files.FileDocument;

/** A file as the API returns it to its owner. */
public record FileView(
        @JsonProperty("_id") String id,
        String name,
        String originalName,
        Object folderId,
        String ownerId,
        String storageKey,
        String storageProvider,
        String mimeType,
        long size,
        String sha256,
        @JsonProperty("isShared") boolean isShared,
        String shareId,
        String deletedAt,
        String createdAt,
        String updatedAt,
        String thumbnailPath,
        String thumbnailGeneratedAt,
        boolean hasThumbnail) {

    public static FileView of(FileDocument f) {
        return of(f, ObjectIds.str(f.folderId));
    }

    /** With folderId replaced, e.g. by {_id, name, path} in search results. */
    public static FileView of(FileDocument f, Object folder) {
        return new FileView(f.id.toHexString(), f.name, f.originalName, folder, ObjectIds.str(f.ownerId),
                f.storageKey, f.storageProvider, f.mimeType, f.size, f.sha256, f.isShared, f.shareId,
                Dates.iso(f.deletedAt), Dates.iso(f.createdAt), Dates.iso(f.updatedAt), f.thumbnailPath,
                Dates.iso(f.thumbnailGeneratedAt), f.hasThumbnail);
    }
}
