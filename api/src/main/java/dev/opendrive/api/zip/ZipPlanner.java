package dev.opendrive.api.zip;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.items.Names;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns folders and files into a {@link ZipPlan}: the live tree below each folder (trashed items
 * and anything below a trashed folder left out), one top-level directory per folder, names made
 * safe and unique per directory, in a stable order (per directory: its files, then its subfolders,
 * each by name). Reads the folder subtree with one query per folder asked for and the files of the
 * whole tree with one query, each after counting against the limits, so a tree over the limit is
 * refused before its documents are loaded.
 */
@ApplicationScoped
public class ZipPlanner {

    static final String REPORT_NAME = "MISSING.txt";

    /** The fields an entry needs; a listing's other fields are never read. */
    private static final Bson FILE_FIELDS = Projections.include("_id", "folderId", "originalName", "storageKey",
            "mimeType", "size", "createdAt", "updatedAt");

    private static final Comparator<FolderDocument> FOLDER_ORDER = Comparator
            .comparing((FolderDocument f) -> Names.key(String.valueOf(f.name))).thenComparing(f -> f.id);
    private static final Comparator<FileDocument> FILE_ORDER = Comparator
            .comparing((FileDocument f) -> Names.key(String.valueOf(f.originalName))).thenComparing(f -> f.id);

    private final FolderRepository folders;
    private final FileRepository files;
    private final ZipConfig config;

    public ZipPlanner(FolderRepository folders, FileRepository files, ZipConfig config) {
        this.folders = folders;
        this.files = files;
        this.config = config;
    }

    /** A folder and everything live below it, under a directory of the folder's name. */
    public ZipPlan folder(FolderDocument folder) {
        return plan(ZipNames.segment(folder.name) + ".zip", folder.ownerId, List.of(folder), List.of());
    }

    /**
     * Several items of one owner: each folder as a top-level directory, each file at the top level.
     * An item that lies inside another selected folder is taken once, inside that folder.
     */
    public ZipPlan selection(String fileName, ObjectId owner, List<FolderDocument> selectedFolders,
            List<FileDocument> selectedFiles) {
        return plan(fileName, owner, selectedFolders, selectedFiles);
    }

    private ZipPlan plan(String fileName, ObjectId owner, List<FolderDocument> selectedFolders,
            List<FileDocument> selectedFiles) {
        Set<ObjectId> selectedIds = new HashSet<>();
        selectedFolders.forEach(f -> selectedIds.add(f.id));
        List<FolderDocument> tops = new ArrayList<>();
        Set<ObjectId> planned = new LinkedHashSet<>();
        Map<ObjectId, List<FolderDocument>> children = new HashMap<>();
        for (FolderDocument top : selectedFolders) {
            boolean inside = top.ancestorIds != null && top.ancestorIds.stream().anyMatch(selectedIds::contains);
            if (inside || !planned.add(top.id)) {
                continue;
            }
            refuseOverLimit(planned.size() + folders.countLiveDescendants(top.id), 0);
            tops.add(top);
            liveTree(top, owner, planned, children);
        }
        Map<ObjectId, FileDocument> loose = new HashMap<>();
        for (FileDocument f : selectedFiles) {
            if (f.folderId == null || !planned.contains(f.folderId)) {
                loose.putIfAbsent(f.id, f);
            }
        }

        Bson inTree = Filters.and(Filters.eq("ownerId", owner), Filters.in("folderId", planned),
                Filters.eq("deletedAt", null));
        long[] treeFiles = planned.isEmpty() ? new long[] {0, 0} : files.countAndBytes(inTree);
        refuseOverLimit(planned.size() + treeFiles[0] + loose.size(),
                treeFiles[1] + loose.values().stream().mapToLong(f -> f.size).sum());
        Map<ObjectId, List<FileDocument>> filesByFolder = new HashMap<>();
        if (!planned.isEmpty()) {
            long[] read = {0};
            files.mongoCollection().find(inTree).projection(FILE_FIELDS).forEach(f -> {
                // files uploaded since the count still may not take the archive past its limit
                refuseOverLimit(planned.size() + ++read[0] + loose.size(), 0);
                filesByFolder.computeIfAbsent(f.folderId, k -> new ArrayList<>()).add(f);
            });
        }
        return entries(fileName, tops, children, filesByFolder, new ArrayList<>(loose.values()));
    }

    /** Adds the live folders below top to planned and children, walking down from top. */
    private void liveTree(FolderDocument top, ObjectId owner, Set<ObjectId> planned,
            Map<ObjectId, List<FolderDocument>> children) {
        Map<ObjectId, List<FolderDocument>> byParent = new HashMap<>();
        for (FolderDocument d : folders.listLiveDescendants(top.id)) {
            if (owner.equals(d.ownerId) && d.parentId != null) {
                byParent.computeIfAbsent(d.parentId, k -> new ArrayList<>()).add(d);
            }
        }
        Deque<ObjectId> todo = new ArrayDeque<>();
        todo.push(top.id);
        while (!todo.isEmpty()) {
            ObjectId parent = todo.pop();
            for (FolderDocument child : byParent.getOrDefault(parent, List.of())) {
                if (planned.add(child.id)) {
                    children.computeIfAbsent(parent, k -> new ArrayList<>()).add(child);
                    todo.push(child.id);
                }
            }
        }
    }

    private void refuseOverLimit(long entries, long bytes) {
        if (entries > config.maxEntries()) {
            throw new ApiException(422, ErrorCode.DOWNLOAD_TOO_LARGE, "A download can hold at most "
                    + config.maxEntries() + " files and folders; this one has " + entries
                    + ". Download fewer items at a time.");
        }
        if (config.maxBytes() > 0 && bytes > config.maxBytes()) {
            throw new ApiException(422, ErrorCode.DOWNLOAD_TOO_LARGE, "A download can hold at most "
                    + config.maxBytes() + " bytes; this one has " + bytes + ". Download fewer items at a time.");
        }
    }

    private record Dir(ObjectId id, String path, Instant modified) {
    }

    private static ZipPlan entries(String fileName, List<FolderDocument> tops,
            Map<ObjectId, List<FolderDocument>> children, Map<ObjectId, List<FileDocument>> filesByFolder,
            List<FileDocument> loose) {
        List<ZipPlan.Entry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Deque<Dir> todo = new ArrayDeque<>();
        ZipNames top = new ZipNames();
        // folders claim their names before files, at the top level as in every directory
        List<Dir> topDirs = directories("", tops, top, skipped);
        addFiles("", loose, top, entries, skipped);
        pushInOrder(todo, topDirs);
        String reportName = top.claim(REPORT_NAME);
        while (!todo.isEmpty()) {
            Dir dir = todo.pop();
            entries.add(new ZipPlan.Entry(dir.path(), null, null, 0, dir.modified()));
            ZipNames names = new ZipNames();
            List<Dir> subdirs = directories(dir.path(), children.getOrDefault(dir.id(), List.of()), names, skipped);
            addFiles(dir.path(), filesByFolder.getOrDefault(dir.id(), List.of()), names, entries, skipped);
            pushInOrder(todo, subdirs);
        }
        return new ZipPlan(fileName, entries, skipped, reportName);
    }

    private static List<Dir> directories(String parent, List<FolderDocument> folders, ZipNames names,
            List<String> skipped) {
        List<Dir> dirs = new ArrayList<>();
        for (FolderDocument f : folders.stream().sorted(FOLDER_ORDER).toList()) {
            String path = parent + names.claim(f.name) + "/";
            if (ZipNames.fits(path)) {
                dirs.add(new Dir(f.id, path, f.updatedAt != null ? f.updatedAt : f.createdAt));
            } else {
                skipped.add(parent + ZipNames.segment(f.name) + "/ (path too long for a ZIP entry)");
            }
        }
        return dirs;
    }

    private static void addFiles(String parent, List<FileDocument> files, ZipNames names, List<ZipPlan.Entry> entries,
            List<String> skipped) {
        for (FileDocument f : files.stream().sorted(FILE_ORDER).toList()) {
            String path = parent + names.claim(f.originalName);
            if (f.storageKey == null) {
                skipped.add(path + " (no stored content)");
            } else if (ZipNames.fits(path)) {
                Instant modified = f.updatedAt != null ? f.updatedAt : f.createdAt;
                entries.add(new ZipPlan.Entry(path, f.storageKey, f.mimeType, f.size, modified));
            } else {
                skipped.add(parent + ZipNames.segment(f.originalName) + " (path too long for a ZIP entry)");
            }
        }
    }

    private static void pushInOrder(Deque<Dir> stack, List<Dir> dirs) {
        for (int i = dirs.size() - 1; i >= 0; i--) {
            stack.push(dirs.get(i));
        }
    }
}
