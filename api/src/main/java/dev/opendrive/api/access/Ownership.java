package dev.opendrive.api.access;

import java.util.Optional;

import org.bson.types.ObjectId;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place that decides whether a caller may touch a file or folder. Someone else's item, a
 * malformed id and a missing item all look the same from outside: 404, so ids cannot be probed.
 */
@ApplicationScoped
public class Ownership {

    private final FileRepository files;
    private final FolderRepository folders;

    public Ownership(FileRepository files, FolderRepository folders) {
        this.files = files;
        this.folders = folders;
    }

    public FolderDocument activeFolder(String rawId, ObjectId owner) {
        return anyFolder(rawId, owner).filter(f -> !f.isTrashed()).orElseThrow(Ownership::folderNotFound);
    }

    /** A folder the user put in the trash (not one that went along with a trashed parent). */
    public FolderDocument trashedFolder(String rawId, ObjectId owner) {
        return anyFolder(rawId, owner).filter(f -> f.isTrashed() && !Boolean.FALSE.equals(f.trashRoot))
                .orElseThrow(() -> ApiException.notFound(ErrorCode.FOLDER_NOT_IN_TRASH, "Folder not found in trash"));
    }

    public FolderDocument folderInAnyState(String rawId, ObjectId owner) {
        return anyFolder(rawId, owner).orElseThrow(Ownership::folderNotFound);
    }

    public FileDocument activeFile(String rawId, ObjectId owner) {
        return anyFile(rawId, owner).filter(f -> !f.isTrashed()).orElseThrow(Ownership::fileNotFound);
    }

    /** A file the user put in the trash (not one that went along with a trashed folder). */
    public FileDocument trashedFile(String rawId, ObjectId owner) {
        return anyFile(rawId, owner).filter(f -> f.isTrashed() && !Boolean.FALSE.equals(f.trashRoot))
                .orElseThrow(() -> ApiException.notFound(ErrorCode.FILE_NOT_IN_TRASH, "File not found in trash"));
    }

    public FileDocument fileInAnyState(String rawId, ObjectId owner) {
        return anyFile(rawId, owner).orElseThrow(Ownership::fileNotFound);
    }

    /**
     * A folder reference from a request body or form (parentId, folderId): null, "", "null",
     * "undefined" and "root" mean the root; anything else must be an active folder of the caller.
     */
    public Optional<FolderDocument> targetFolder(String raw, ObjectId owner, String invalidMessage,
            String notFoundMessage) {
        if (isRoot(raw)) {
            return Optional.empty();
        }
        ObjectId id = ObjectIds.parse(raw.trim())
                .orElseThrow(() -> ApiException.badRequest(ErrorCode.INVALID_FOLDER_ID, invalidMessage));
        return Optional.of(folders.findOwned(id, owner).filter(f -> !f.isTrashed())
                .orElseThrow(() -> ApiException.notFound(ErrorCode.FOLDER_NOT_FOUND, notFoundMessage)));
    }

    public static boolean isRoot(String raw) {
        if (raw == null) {
            return true;
        }
        String v = raw.trim();
        return v.isEmpty() || "null".equals(v) || "undefined".equals(v) || "root".equals(v);
    }

    private Optional<FolderDocument> anyFolder(String rawId, ObjectId owner) {
        return ObjectIds.parse(rawId).flatMap(id -> folders.findOwned(id, owner));
    }

    private Optional<FileDocument> anyFile(String rawId, ObjectId owner) {
        return ObjectIds.parse(rawId).flatMap(id -> files.findOwned(id, owner));
    }

    private static ApiException folderNotFound() {
        return ApiException.notFound(ErrorCode.FOLDER_NOT_FOUND, "Folder not found");
    }

    private static ApiException fileNotFound() {
        return ApiException.notFound(ErrorCode.FILE_NOT_FOUND, "File not found");
    }
}
