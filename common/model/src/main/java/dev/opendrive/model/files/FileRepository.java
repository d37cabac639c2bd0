package dev.opendrive.model.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FileRepository implements PanacheMongoRepositoryBase<FileDocument, ObjectId> {

    public Optional<FileDocument> findOwned(ObjectId id, ObjectId ownerId) {
        return find("{_id: ?1, ownerId: ?2}", id, ownerId).firstResultOptional();
    }

    /** Fields that only serve the database (indexes), never a caller: not read by listings. */
    public static final Bson WITHOUT_INDEX_FIELDS = Projections.exclude("nameGrams");

    /** The folder's live files, newest first (the listing index's order). */
    public List<FileDocument> listInFolder(ObjectId ownerId, ObjectId folderId) {
        return mongoCollection().find(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("folderId", folderId),
                Filters.eq("deletedAt", null))).projection(WITHOUT_INDEX_FIELDS).sort(Sorts.descending("createdAt"))
                .into(new ArrayList<>());
    }


    /** The owner's files (live and trashed) in any of the folders. */
    public List<FileDocument> listInFolders(ObjectId ownerId, List<ObjectId> folderIds) {
        return list("{ownerId: ?1, folderId: {$in: ?2}}", ownerId, folderIds);
    }

    /** How many files match and their total size. */
    public long[] countAndBytes(Bson filter) {
        Document row = mongoCollection().aggregate(List.of(Aggregates.match(filter),
                Aggregates.group(null, Accumulators.sum("n", 1), Accumulators.sum("bytes", "$size"))), Document.class)
                .first();
        if (row == null) {
            return new long[] {0, 0};
        }
        return new long[] {((Number) row.get("n")).longValue(), ((Number) row.get("bytes")).longValue()};
    }

    /**
     * (added) As {@link #countAndBytes}, with the bytes of the files' versions too: what the files
     * take in storage, as usage and quotas count it (a ZIP's size is the other one).
     */
    public long[] countAndStoredBytes(Bson filter) {
        Document row = mongoCollection().aggregate(List.of(Aggregates.match(filter),
                Aggregates.group(null, Accumulators.sum("n", 1), Accumulators.sum("bytes", "$size"),
                        Accumulators.sum("versionBytes", "$versionBytes"))), Document.class)
                .first();
        if (row == null) {
            return new long[] {0, 0};
        }
        long versions = row.get("versionBytes") instanceof Number n ? n.longValue() : 0;
        return new long[] {((Number) row.get("n")).longValue(), ((Number) row.get("bytes")).longValue() + versions};
    }

    /** (added) The live file of the owner with this name key in the folder, if any. */
    public Optional<FileDocument> findLiveByName(ObjectId ownerId, ObjectId folderId, String nameKey) {
        return find("{ownerId: ?1, folderId: ?2, nameKey: ?3, deletedAt: null}", ownerId, folderId, nameKey)
                .firstResultOptional();
    }

    /**
     * (added) Changes only the given fields of one document. Services use it instead of writing the
     * whole document back, so that a rename, a share or a trash cannot put back the content (or the
     * versions) another request replaced in the meantime. Whether the document was there.
     */
    public boolean setFields(ObjectId id, Bson update) {
        return mongoCollection().updateOne(Filters.eq("_id", id), update).getMatchedCount() == 1;
    }

    /** Whether an active item other than {@code except} already has this name key in the folder. */
    public boolean nameTaken(ObjectId ownerId, ObjectId folderId, String nameKey, ObjectId except) {
        return find("{ownerId: ?1, folderId: ?2, nameKey: ?3, deletedAt: null}", ownerId, folderId, nameKey)
                .stream().anyMatch(d -> !d.id.equals(except));
    }

    public Optional<FileDocument> findByShareId(String shareId) {
        return find("{shareId: ?1, isShared: true, deletedAt: null}", shareId).firstResultOptional();
    }

    public List<FileDocument> listTrashRoots(ObjectId ownerId) {
        return list("{ownerId: ?1, deletedAt: {$ne: null}, trashRoot: {$ne: false}}", Sort.descending("deletedAt"),
                ownerId);
    }

    public List<FileDocument> listTrashed(ObjectId ownerId) {
        return list("{ownerId: ?1, deletedAt: {$ne: null}}", ownerId);
    }
}
