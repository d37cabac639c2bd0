package dev.opendrive.api.webdav;

import java.util.List;
import java.util.Optional;

import org.bson.types.ObjectId;

import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.items.Names;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Maps /dav/ paths onto a user's live folders and files by name, one indexed lookup per segment
 * (names are unique per folder, case-insensitively). Folders and files have separate name spaces
 * in OpenDrive, so a folder and a file may share a name in one folder: the path then names the
 * folder, and the file stays reachable from the web UI and the API only.
 */
@ApplicationScoped
class DavTree {

    /** What a path names: the root, a folder or a file. */
    sealed interface Item permits Root, Folder, File {
        default boolean isCollection() {
            return !(this instanceof File);
        }

        /** The folder's id for the items below it; null for the root. */
        default ObjectId folderId() {
            return this instanceof Folder f ? f.doc().id : null;
        }

        /** The id dead properties are kept under (the user's id for the root). */
        ObjectId propertyId();
    }

    record Root(ObjectId owner) implements Item {
        public ObjectId propertyId() {
            return owner;
        }
    }

    record Folder(FolderDocument doc) implements Item {
        public ObjectId propertyId() {
            return doc.id;
        }
    }

    record File(FileDocument doc) implements Item {
        public ObjectId propertyId() {
            return doc.id;
        }
    }

    /**
     * A resolved path: the item it names (empty when nothing has that name), and the collection it
     * would be in (empty when a folder on the way is missing: a create there is a 409).
     */
    record Target(DavPath path, Optional<Item> parent, Optional<Item> item) {
        boolean exists() {
            return item.isPresent();
        }
    }

    private final FolderRepository folders;
    private final FileRepository files;

    DavTree(FolderRepository folders, FileRepository files) {
        this.folders = folders;
        this.files = files;
    }

    Target resolve(ObjectId owner, DavPath path) {
        if (path.isRoot()) {
            return new Target(path, Optional.empty(), Optional.of(new Root(owner)));
        }
        Item parent = new Root(owner);
        List<String> segments = path.segments();
        for (int i = 0; i < segments.size() - 1; i++) {
            Optional<FolderDocument> next = folder(owner, parent.folderId(), segments.get(i));
            if (next.isEmpty()) {
                return new Target(path, Optional.empty(), Optional.empty());
            }
            parent = new Folder(next.get());
        }
        return new Target(path, Optional.of(parent), child(owner, parent, path.name()));
    }

    Optional<Item> child(ObjectId owner, Item parent, String name) {
        Optional<FolderDocument> folder = folder(owner, parent.folderId(), name);
        if (folder.isPresent()) {
            return Optional.of(new Folder(folder.get()));
        }
        return file(owner, parent.folderId(), name).map(File::new);
    }

    List<FolderDocument> subfolders(ObjectId owner, Item collection) {
        return folders.listChildren(owner, collection.folderId());
    }

    List<FileDocument> filesIn(ObjectId owner, Item collection) {
        return files.listInFolder(owner, collection.folderId());
    }

    private Optional<FolderDocument> folder(ObjectId owner, ObjectId parentId, String name) {
        return folders.find("{ownerId: ?1, parentId: ?2, nameKey: ?3, deletedAt: null}", owner, parentId,
                Names.key(name)).firstResultOptional();
    }

    private Optional<FileDocument> file(ObjectId owner, ObjectId folderId, String name) {
        return files.findLiveByName(owner, folderId, Names.key(name));
    }

    /** A fresh look at an item after a change (its document may have moved or been renamed). */
    Optional<Item> reload(ObjectId owner, Item item) {
        if (item instanceof Folder f) {
            return folders.findOwned(f.doc().id, owner).filter(d -> !d.isTrashed()).map(Folder::new);
        }
        if (item instanceof File f) {
            return files.findOwned(f.doc().id, owner).filter(d -> !d.isTrashed()).map(File::new);
        }
        return Optional.of(item);
    }
}
