package dev.opendrive.api.trash;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.opendrive.api.events.FileEvents;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.folders.FolderTree;
import dev.opendrive.api.items.Names;
import dev.opendrive.api.json.Dates;
import dev.opendrive.platform.logging.LogEvent;
import dev.opendrive.model.files.StorageKeys;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.api.usage.Usage;
import dev.opendrive.api.usage.UsageCounters;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Soft delete, restore and permanent delete for files and folder trees. Everything trashed in one
 * action shares one deletedAt, so restoring a folder brings back exactly what was trashed with it
 * and leaves alone what had been trashed on its own before.
 */
@ApplicationScoped
public class TrashService {

    private static final Logger LOG = Logger.getLogger(TrashService.class);

    private final FileRepository files;
    private final FolderRepository folders;
    private final FolderTree tree;
    private final StorageProvider storage;
    private final FileEvents events;
    private final UsageCounters usage;

    public TrashService(FileRepository files, FolderRepository folders, FolderTree tree, StorageProvider storage,
            FileEvents events, UsageCounters usage) {
        this.usage = usage;
        this.files = files;
        this.folders = folders;
        this.tree = tree;
        this.storage = storage;
        this.events = events;
    }

    public void trashFile(FileDocument file) {
        Instant now = Dates.now();
        // one atomic step that answers the document as it was: the bytes moved to the trash are
        // those of that moment, even if an overwrite added a version just before
        FileDocument before = files.mongoCollection().findOneAndUpdate(
                Filters.and(Filters.eq("_id", file.id), Filters.eq("deletedAt", null)),
                Updates.combine(Updates.set("deletedAt", now), Updates.set("trashRoot", true),
                        Updates.set("updatedAt", now)));
        if (before == null) {
            return; // trashed or deleted meanwhile: nothing moved
        }
        before.deletedAt = now;
        before.trashRoot = true;
        before.updatedAt = now;
        usage.apply(before.ownerId, Usage.trashed(1, before.storedBytes(), 0));
        events.deleted(before, false);
    }

    public void trashFolder(FolderDocument folder) {
        Instant now = Dates.now();
        List<ObjectId> subtree = new ArrayList<>();
        subtree.add(folder.id);
        List<FolderDocument> descendants = folders.listDescendants(folder.id);
        descendants.forEach(d -> subtree.add(d.id));
        long liveFolders = 1 + descendants.stream().filter(d -> d.deletedAt == null).count();
        // what was trashed earlier keeps its own deletedAt, so it stays out of this folder's restore
        Bson alongside = Updates.combine(Updates.set("deletedAt", now), Updates.set("trashRoot", false));
        Bson liveFiles = Filters.and(Filters.eq("ownerId", folder.ownerId), Filters.in("folderId", subtree),
                Filters.eq("deletedAt", null));
        long[] moved = files.countAndStoredBytes(liveFiles);
        folders.mongoCollection().updateMany(
                Filters.and(Filters.eq("ancestorIds", folder.id), Filters.eq("deletedAt", null)), alongside);
        files.mongoCollection().updateMany(liveFiles, alongside);
        folder.deletedAt = now;
        folder.trashRoot = true;
        folder.updatedAt = now;
        folders.update(folder);
        usage.apply(folder.ownerId, Usage.trashed(moved[0], moved[1], liveFolders));
        events.folderDeleted(folder, false);
    }

    /** Restores into the original folder, or into the root when that folder is gone or trashed. */
    public FileDocument restoreFile(FileDocument file) {
        ObjectId owner = file.ownerId;
        if (file.folderId != null && activeFolder(file.folderId, owner).isEmpty()) {
            file.folderId = null;
        }
        ObjectId folderId = file.folderId;
        file.named(Names.available(file.originalName, key -> files.nameTaken(owner, folderId, key, file.id)));
        Instant trashedAt = file.deletedAt;
        file.deletedAt = null;
        file.trashRoot = null;
        file.updatedAt = Dates.now();
        // only these fields (the versions come back as they are); conditional, so a restore that
        // lost a race with another restore or a purge counts nothing twice
        boolean restored = files.mongoCollection().updateOne(
                Filters.and(Filters.eq("_id", file.id), Filters.eq("deletedAt", trashedAt)),
                Updates.combine(Updates.set("folderId", file.folderId), Updates.set("originalName", file.originalName),
                        Updates.set("nameKey", file.nameKey), Updates.set("nameGrams", file.nameGrams),
                        Updates.set("deletedAt", null), Updates.set("trashRoot", null),
                        Updates.set("updatedAt", file.updatedAt))).getMatchedCount() == 1;
        if (restored) {
            usage.apply(owner, Usage.trashed(1, file.storedBytes(), 0).negate());
            events.restored(file);
        }
        return file;
    }

    public void restoreFolder(FolderDocument folder) {
        Instant trashedAt = folder.deletedAt;
        ObjectId owner = folder.ownerId;
        List<FolderDocument> descendants = folders.listDescendants(folder.id);
        Optional<FolderDocument> parent = folder.parentId == null ? Optional.empty()
                : activeFolder(folder.parentId, owner);
        ObjectId parentId = parent.map(p -> p.id).orElse(null);
        folder.named(Names.available(folder.name, key -> folders.nameTaken(owner, parentId, key, folder.id)));
        folder.deletedAt = null;
        folder.trashRoot = null;
        if (folder.parentId != null && parent.isEmpty()) {
            tree.place(folder, null, Dates.now());
        } else {
            folder.updatedAt = Dates.now();
            folders.update(folder);
        }
        List<ObjectId> restored = new ArrayList<>();
        restored.add(folder.id);
        descendants.stream().filter(d -> trashedAt.equals(d.deletedAt)).forEach(d -> restored.add(d.id));
        List<FileDocument> restoredFiles = files.listInFolders(owner, restored).stream()
                .filter(f -> trashedAt.equals(f.deletedAt)).toList();
        Bson back = Updates.combine(Updates.set("deletedAt", null), Updates.set("trashRoot", null));
        folders.mongoCollection().updateMany(
                Filters.and(Filters.in("_id", restored.subList(1, restored.size())), Filters.eq("deletedAt", trashedAt)),
                back);
        files.mongoCollection().updateMany(Filters.and(Filters.eq("ownerId", owner), Filters.in("folderId", restored),
                Filters.eq("deletedAt", trashedAt)), back);
        usage.apply(owner, Usage.trashed(restoredFiles.size(), restoredFiles.stream().mapToLong(FileDocument::storedBytes).sum(),
                restored.size()).negate());
        restoredFiles.forEach(f -> {
            f.deletedAt = null;
            f.trashRoot = null;
            events.restored(f);
        });
    }

    public void deleteFilePermanently(FileDocument listed) {
        // the document as it was deleted, versions included: what it held is what is freed
        FileDocument file = files.mongoCollection().findOneAndDelete(Filters.eq("_id", listed.id));
        if (file == null) {
            return; // deleted meanwhile, by whoever then freed its space
        }
        long bytes = file.storedBytes();
        usage.apply(file.ownerId, file.isTrashed() ? new Usage(0, 0, 0, -1, -bytes, 0)
                : Usage.fileAdded(bytes).negate());
        deleteBlobs(file);
        events.deleted(file, true);
        LogEvent.of("file.deleted").with("fileId", file.id).with("userId", file.ownerId).outcome("success")
                .with("size", file.size).with("versions", file.versionList().size()).with("storedBytes", bytes)
                .info(LOG);
    }

    /** Deletes the folder, every folder below it and all their files, documents first, then blobs. */
    public int deleteFolderPermanently(FolderDocument folder) {
        List<FolderDocument> subtree = new ArrayList<>(folders.listDescendants(folder.id));
        subtree.add(folder);
        List<ObjectId> ids = subtree.stream().map(f -> f.id).toList();
        for (FileDocument f : files.listInFolders(folder.ownerId, ids)) {
            deleteFilePermanently(f);
        }
        folders.delete("{_id: {$in: ?1}}", ids);
        long trashed = subtree.stream().filter(FolderDocument::isTrashed).count();
        usage.apply(folder.ownerId, new Usage(0, 0, -(subtree.size() - trashed), 0, 0, -trashed));
        events.folderDeleted(folder, true);
        return subtree.size();
    }

    public List<FolderDocument> trashedFolders(ObjectId owner) {
        return folders.listTrashRoots(owner);
    }

    public List<FileDocument> trashedFiles(ObjectId owner) {
        return files.listTrashRoots(owner);
    }

    public long emptyFileTrash(ObjectId owner) {
        List<FileDocument> trashed = files.listTrashed(owner);
        trashed.forEach(this::deleteFilePermanently);
        return trashed.size();
    }

    public long emptyFolderTrash(ObjectId owner) {
        long count = 0;
        for (FolderDocument root : folders.listTrashRoots(owner)) {
            // a trashed folder may already be gone with an ancestor deleted earlier in this loop
            if (folders.findByIdOptional(root.id).isPresent()) {
                deleteFolderPermanently(root);
                count++;
            }
        }
        return count;
    }

    private Optional<FolderDocument> activeFolder(ObjectId id, ObjectId owner) {
        return folders.findOwned(id, owner).filter(f -> !f.isTrashed());
    }

    private void deleteBlobs(FileDocument file) {
        List<String> keys = new ArrayList<>();
        if (file.storageKey != null) {
            keys.add(file.storageKey);
        }
        file.versionList().forEach(v -> keys.add(v.storageKey));
        keys.add(StorageKeys.thumbnail(file.id));
        for (String key : keys) {
            try {
                storage.delete(key);
            } catch (IOException | RuntimeException e) {
                // The document is gone, so the blob is unreachable; log it for a storage sweep.
                LogEvent.of("blob.orphaned").with("fileId", file.id).with("key", key).with("error", e.toString())
                        .warn(LOG);
            }
        }
    }
}
