package dev.opendrive.api.folders;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.api.json.Dates;

/** A folder as the API returns it; carries both _id and id, like the old service. */
public record FolderView(
        @JsonProperty("_id") String mongoId,
        String id,
        String name,
        String parentId,
        String ownerId,
        String path,
        @JsonProperty("isShared") boolean isShared,
        String shareId,
        String createdAt,
        String updatedAt,
        String deletedAt) {

    public static FolderView of(FolderDocument f) {
        String id = f.id.toHexString();
        return new FolderView(id, id, f.name, ObjectIds.str(f.parentId), ObjectIds.str(f.ownerId),
                f.path == null ? "/" : f.path, f.isShared, f.shareId, Dates.iso(f.createdAt), Dates.iso(f.updatedAt),
                Dates.iso(f.deletedAt));
    }
}
