package dev.opendrive.api.folders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.types.ObjectId;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the denormalised tree fields (path, ancestorIds) of a folder and its whole subtree right
 * after a rename, move or restore to another place.
 */
@ApplicationScoped
public class FolderTree {

    private final FolderRepository folders;

    public FolderTree(FolderRepository folders) {
        this.folders = folders;
    }

    /** Places the folder under parent (null = root) and rewrites its descendants' path and ancestors. */
    public void place(FolderDocument folder, FolderDocument parent, Instant now) {
        List<FolderDocument> descendants = folders.listDescendants(folder.id);
        folder.parentId = parent == null ? null : parent.id;
        folder.path = parent == null ? "/" : parent.childPath();
        folder.ancestorIds = parent == null ? new ArrayList<>() : parent.lineage();
        folder.updatedAt = now;
        folders.update(folder);
        rewriteDescendants(folder, descendants);
    }

    /** After the folder's own name or place changed: recompute every descendant from the folder down. */
    public void rewriteDescendants(FolderDocument folder, List<FolderDocument> descendants) {
        if (descendants.isEmpty()) {
            return;
        }
        Map<ObjectId, FolderDocument> byId = new HashMap<>();
        byId.put(folder.id, folder);
        descendants.forEach(d -> byId.put(d.id, d));
        List<ObjectId> top = folder.lineage();
        for (FolderDocument d : descendants) {
            List<ObjectId> old = d.ancestorIds == null ? List.of() : d.ancestorIds;
            int at = old.indexOf(folder.id);
            List<ObjectId> below = at < 0 ? List.of() : old.subList(at + 1, old.size());
            List<ObjectId> ancestors = new ArrayList<>(top);
            ancestors.addAll(below);
            StringBuilder path = new StringBuilder(folder.childPath());
            for (ObjectId id : below) {
                FolderDocument between = byId.get(id);
                path.append(between == null ? id.toHexString() : between.name).append('/');
            }
            d.ancestorIds = ancestors;
            d.path = path.toString();
            folders.update(d);
        }
    }
}
