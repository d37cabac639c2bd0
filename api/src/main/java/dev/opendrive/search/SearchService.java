package dev.opendrive.search;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.opendrive.errors.ApiException;
import dev.opendrive.files.FileDocument;
import dev.opendrive.files.FileRepository;
import dev.opendrive.files.FileView;
import dev.opendrive.folders.FolderDocument;
import dev.opendrive.folders.FolderRepository;
import dev.opendrive.folders.FolderView;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Search by name. The query is plain text: every character is matched literally (regular
 * expression syntax in it has no effect), case-insensitively. Results are ranked exact name,
 * then prefix, then substring match, newest first within each rank.
 */
@ApplicationScoped
public class SearchService {

    public static final int MAX_QUERY_LENGTH = 200;
    static final int CANDIDATES = 500;
    private static final Document NEWEST_FIRST = new Document("createdAt", -1);

    public record FolderRef(@JsonProperty("_id") String id, String name, String path) {
    }

    public record Results(List<FileView> files, List<FolderView> folders) {
    }

    private final FileRepository files;
    private final FolderRepository folders;

    public SearchService(FileRepository files, FolderRepository folders) {
        this.files = files;
        this.folders = folders;
    }

    public Results search(String rawQuery, String type, int limit, int offset, ObjectId owner) {
        if (rawQuery == null || rawQuery.isBlank()) {
            throw ApiException.badRequest("QUERY_REQUIRED", "Search query is required");
        }
        String q = rawQuery.strip();
        if (q.length() > MAX_QUERY_LENGTH) {
            throw ApiException.badRequest("QUERY_TOO_LONG",
                    "Search query is too long (at most " + MAX_QUERY_LENGTH + " characters)");
        }
        String kind = type == null || type.isBlank() ? "all" : type.toLowerCase(Locale.ROOT);
        if (!List.of("all", "files", "folders").contains(kind)) {
            throw ApiException.badRequest("INVALID_TYPE", "type must be one of all, files, folders");
        }
        if (limit < 1 || limit > 200 || offset < 0) {
            throw ApiException.badRequest("INVALID_PAGE", "limit must be 1..200 and offset >= 0");
        }
        Document literal = new Document("$regex", escapeRegex(q)).append("$options", "i");
        String needle = q.toLowerCase(Locale.ROOT);
        List<FileView> fileResults = List.of();
        List<FolderView> folderResults = List.of();
        if (!kind.equals("folders")) {
            List<FileDocument> found = files.find(
                    new Document("ownerId", owner).append("deletedAt", null).append("originalName", literal),
                    NEWEST_FIRST).page(Page.ofSize(CANDIDATES)).list();
            List<FileDocument> ranked = found.stream()
                    .sorted(Comparator.comparingInt((FileDocument f) -> rank(f.originalName, needle)))
                    .skip(offset).limit(limit).toList();
            Map<ObjectId, FolderDocument> parents = parents(ranked);
            fileResults = ranked.stream().map(f -> {
                FolderDocument p = f.folderId == null ? null : parents.get(f.folderId);
                return FileView.of(f, p == null ? null : new FolderRef(p.id.toHexString(), p.name, p.childPath()));
            }).toList();
        }
        if (!kind.equals("files")) {
            List<FolderDocument> found = folders.find(
                    new Document("ownerId", owner).append("deletedAt", null).append("name", literal), NEWEST_FIRST).page(Page.ofSize(CANDIDATES)).list();
            folderResults = found.stream()
                    .sorted(Comparator.comparingInt((FolderDocument f) -> rank(f.name, needle)))
                    .skip(offset).limit(limit).map(FolderView::of).toList();
        }
        return new Results(fileResults, folderResults);
    }

    private Map<ObjectId, FolderDocument> parents(List<FileDocument> found) {
        List<ObjectId> ids = found.stream().map(f -> f.folderId).filter(java.util.Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return folders.list("{_id: {$in: ?1}}", ids).stream().collect(Collectors.toMap(f -> f.id, Function.identity()));
    }

    /** Escapes every regular-expression metacharacter, so the text matches only itself. */
    static String escapeRegex(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    static int rank(String name, String needle) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n.equals(needle)) {
            return 0;
        }
        int dot = n.lastIndexOf('.');
        if (dot > 0 && n.substring(0, dot).equals(needle)) {
            return 1;
        }
        return n.startsWith(needle) ? 2 : 3;
    }
}
