package dev.opendrive.api.folders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.opendrive.api.access.Ownership;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.files.FileView;
import dev.opendrive.api.items.ItemKind;
import dev.opendrive.api.items.Names;
import dev.opendrive.api.items.RenameOrMove;
import dev.opendrive.api.json.Dates;
import dev.opendrive.api.usage.Quotas;
import dev.opendrive.api.usage.Usage;
import dev.opendrive.api.usage.UsageCounters;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FolderService {

    public record Crumb(String id, String name) {
    }

    public record FolderContents(FolderView folder, List<FolderView> subfolders, List<FileView> files,
            List<Crumb> breadcrumb) {
    }

    private final FolderRepository folders;
    private final FileRepository files;
    private final Ownership ownership;
    private final FolderTree tree;

    private final UsageCounters usage;
    private final Quotas quotas;

    public FolderService(FolderRepository folders, FileRepository files, Ownership ownership, FolderTree tree,
            UsageCounters usage, Quotas quotas) {
        this.usage = usage;
        this.quotas = quotas;
        this.folders = folders;
        this.files = files;
        this.ownership = ownership;
        this.tree = tree;
    }

    public List<FolderView> roots(ObjectId owner) {
        return folders.listChildren(owner, null).stream().map(FolderView::of).toList();
    }

    public FolderContents contents(String id, ObjectId owner) {
        FolderDocument folder = ownership.activeFolder(id, owner);
        List<FolderView> subfolders = folders.listChildren(owner, folder.id).stream().map(FolderView::of).toList();
        List<FileView> fileViews = files.listInFolder(owner, folder.id).stream().map(FileView::of).toList();
        return new FolderContents(FolderView.of(folder), subfolders, fileViews, breadcrumb(folder));
    }

    public List<Crumb> breadcrumb(FolderDocument folder) {
        List<ObjectId> ids = folder.ancestorIds == null ? List.of() : folder.ancestorIds;
        Map<ObjectId, FolderDocument> ancestors = ids.isEmpty() ? Map.of()
                : folders.list("{_id: {$in: ?1}}", ids).stream().collect(Collectors.toMap(f -> f.id, Function.identity()));
        List<Crumb> crumbs = new ArrayList<>();
        for (ObjectId ancestorId : ids) {
            FolderDocument a = ancestors.get(ancestorId);
            if (a != null) {
                crumbs.add(new Crumb(a.id.toHexString(), a.name));
            }
        }
        crumbs.add(new Crumb(folder.id.toHexString(), folder.name));
        return crumbs;
    }

    public FolderView create(String rawName, String rawParentId, ObjectId owner) {
        String name = Names.validate(rawName, ItemKind.FOLDER);
        Optional<FolderDocument> parent = ownership.targetFolder(rawParentId, owner, "Invalid parent folder ID",
                "Parent folder not found");
        ObjectId parentId = parent.map(p -> p.id).orElse(null);
        FolderDocument folder = new FolderDocument();
        folder.named(Names.available(name, key -> folders.nameTaken(owner, parentId, key, null)));
        folder.parentId = parentId;
        folder.ownerId = owner;
        folder.path = parent.map(FolderDocument::childPath).orElse("/");
        folder.ancestorIds = parent.map(FolderDocument::lineage).orElseGet(ArrayList::new);
        folder.isShared = false;
        folder.createdAt = Dates.now();
        folder.updatedAt = folder.createdAt;
        folders.persist(folder);
        usage.apply(owner, Usage.folderAdded());
        return FolderView.of(folder);
    }

    /** Rename ({name}) and/or move ({parentId}); both in one request are applied together. */
    public FolderView update(String id, RenameOrMove change, ObjectId owner) {
        FolderDocument folder = ownership.activeFolder(id, owner);
        change.requireChange(ItemKind.FOLDER);
        Instant now = Dates.now();
        FolderDocument newParent = null;
        ObjectId targetParentId = folder.parentId;
        if (change.moves()) {
            newParent = ownership.targetFolder(change.targetFolderId(), owner, "Invalid parent folder ID",
                    "Parent folder not found").orElse(null);
            if (newParent != null && (newParent.id.equals(folder.id)
                    || (newParent.ancestorIds != null && newParent.ancestorIds.contains(folder.id)))) {
                throw ApiException.conflict(ErrorCode.INVALID_MOVE, "Cannot move a folder into itself or one of its subfolders");
            }
            targetParentId = newParent == null ? null : newParent.id;
        }
        boolean changesParent = !Objects.equals(targetParentId, folder.parentId);
        final ObjectId parentForNames = targetParentId;
        change.newName(ItemKind.FOLDER, folder.name, changesParent,
                key -> folders.nameTaken(owner, parentForNames, key, folder.id)).ifPresent(folder::named);
        if (changesParent) {
            tree.place(folder, newParent, now);
        } else {
            folder.updatedAt = now;
            folders.update(folder);
            tree.rewriteDescendants(folder, folders.listDescendants(folder.id));
        }
        return FolderView.of(folder);
    }

    /** (added) {@code trash}: what the trash holds until emptied; {@code quota} and {@code quotaUsed}. */
    public record Stats(long totalFolders, long totalFiles,
            @Schema(description = "Bytes of live files (the trash not included)") long storageUsed,
            Trash trash,
            @Schema(description = "The caller's storage quota in bytes; null: unlimited", nullable = true) Long quota,
            @Schema(description = "Bytes that count toward the quota: live files and the trash (until emptied)")
            long quotaUsed) {
    }

    public record Trash(long folders, long files, long storageUsed) {
    }

    /** From the user's counters: one lookup, whatever the size of the drive. */
    public Stats stats(ObjectId owner) {
        Quotas.Standing standing = quotas.standing(owner);
        Usage u = standing.usage();
        return new Stats(u.folders(), u.files(), u.bytes(), new Trash(u.trashedFolders(), u.trashedFiles(), u.trashedBytes()),
                standing.quota().limit(), standing.charged());
    }

}
