package dev.opendrive.folders;

import java.util.List;
import java.util.Optional;

import org.bson.types.ObjectId;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FolderRepository implements PanacheMongoRepositoryBase<FolderDocument, ObjectId> {

    public Optional<FolderDocument> findOwned(ObjectId id, ObjectId ownerId) {
        return find("{_id: ?1, ownerId: ?2}", id, ownerId).firstResultOptional();
    }

    public List<FolderDocument> listChildren(ObjectId ownerId, ObjectId parentId) {
        return list("{ownerId: ?1, parentId: ?2, deletedAt: null}", Sort.descending("createdAt"), ownerId,
                parentId);
    }

    /** Every folder below the given one, trashed or not. */
    public List<FolderDocument> listDescendants(ObjectId folderId) {
        return list("{ancestorIds: ?1}", folderId);
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
