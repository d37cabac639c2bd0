package dev.opendrive.api.folders;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FolderRepository implements PanacheMongoRepositoryBase<FolderDocument, ObjectId> {

    public Optional<FolderDocument> findOwned(ObjectId id, ObjectId ownerId) {
        return find("{_id: ?1, ownerId: ?2}", id, ownerId).firstResultOptional();
    }

    /** The folder's live subfolders, newest first, without the fields only indexes use. */
    public List<FolderDocument> listChildren(ObjectId ownerId, ObjectId parentId) {
        return mongoCollection().find(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("parentId", parentId),
                Filters.eq("deletedAt", null))).projection(Projections.exclude("nameGrams"))
                .sort(Sorts.descending("createdAt")).into(new ArrayList<>());
    }

    /** Every folder below the given one, trashed or not. */
    public List<FolderDocument> listDescendants(ObjectId folderId) {
        return list("{ancestorIds: ?1}", folderId);
    }

    /** How many live folders are below the given one. */
    public long countLiveDescendants(ObjectId folderId) {
        return mongoCollection().countDocuments(Filters.and(Filters.eq("ancestorIds", folderId),
                Filters.eq("deletedAt", null)));
    }

    /** The live folders below the given one, with only the fields a walk down the tree needs. */
    public List<FolderDocument> listLiveDescendants(ObjectId folderId) {
        return mongoCollection().find(Filters.and(Filters.eq("ancestorIds", folderId), Filters.eq("deletedAt", null)))
                .projection(Projections.include("_id", "name", "parentId", "ownerId", "createdAt", "updatedAt"))
                .into(new ArrayList<>());
    }

    /** Whether an active item other than {@code except} already has this name key in the folder. */
    public boolean nameTaken(ObjectId ownerId, ObjectId parentId, String nameKey, ObjectId except) {
        return find("{ownerId: ?1, parentId: ?2, nameKey: ?3, deletedAt: null}", ownerId, parentId, nameKey)
                .stream().anyMatch(d -> !d.id.equals(except));
    }

    public Optional<FolderDocument> findByShareId(String shareId) {
        return find("{shareId: ?1, isShared: true, deletedAt: null}", shareId).firstResultOptional();
    }

    public List<FolderDocument> listTrashRoots(ObjectId ownerId) {
        return list("{ownerId: ?1, deletedAt: {$ne: null}, trashRoot: {$ne: false}}", Sort.descending("deletedAt"),
                ownerId);
    }

}
