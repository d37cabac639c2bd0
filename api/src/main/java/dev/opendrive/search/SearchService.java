package dev.opendrive.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.opendrive.errors.ApiException;
import dev.opendrive.files.FileDocument;
import dev.opendrive.files.FileRepository;
import dev.opendrive.files.FileView;
import dev.opendrive.folders.FolderDocument;
import dev.opendrive.folders.FolderRepository;
import dev.opendrive.folders.FolderView;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Search by name and by content. The query is plain text: every character is matched literally
 * (regular expression syntax in it has no effect), case-insensitively.
 * <p>
 * Files match by name (the query is a substring of the name) or by words: every word of the
 * query, accent-folded and lower-cased by the index's {@link Tokenizer}, is among the words of the
 * file's name or extracted content, the last word matching as a prefix ("annual rep" finds
 * "report"). Ranking: exact name, name without extension, name prefix, name substring, then files
 * whose name holds all the words, then the rest (matched in content); newest first within a rank.
 * Folders match by name only. Trashed items and other users' items never match.
 */
@ApplicationScoped
public class SearchService {

    public static final int MAX_QUERY_LENGTH = 200;
    static final int CANDIDATES = 500;
    /** Ids are in upload order, and the name and token indexes end with _id: -1. */
    private static final Document NEWEST_FIRST = new Document("_id", -1);
    static final int RANK_NAME_WORDS = 4;
    static final int RANK_CONTENT = 5;

    /** The containing folder, populated like the old service did: its own document fields, path = where it lives. */
    public record FolderRef(@JsonProperty("_id") String id, String name, String path) {
    }

    /** A file result: the File object plus {@code matches}, "name" or "content". */
    public record FileHit(@JsonUnwrapped FileView file, String matches) {
    }

    public record Results(List<FileHit> files, List<FolderView> folders) {
    }

    private record Ranked(FileDocument file, int rank) {
    }

    private final FileRepository files;
    private final FolderRepository folders;
    private final SearchIndexRepository index;

    public SearchService(FileRepository files, FolderRepository folders, SearchIndexRepository index) {
        this.files = files;
        this.folders = folders;
        this.index = index;
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
        // names that hold the query: the trigrams find the candidates in an index, the
        // case-insensitive expression decides (a query of one or two characters has no trigram:
        // the user's live names are read newest first until enough match)
        Document literal = new Document("$regex", escapeRegex(q)).append("$options", "i");
        Document grams = NameIndex.gramSearchable(q) ? new Document("$all", NameIndex.queryGrams(q)) : null;
        String needle = q.toLowerCase(Locale.ROOT);
        List<FileHit> fileResults = List.of();
        List<FolderView> folderResults = List.of();
        if (!kind.equals("folders")) {
            List<Ranked> ranked = rankedFiles(q, literal, grams, needle, owner).stream().skip(offset).limit(limit).toList();
            Map<ObjectId, FolderDocument> parents = parents(ranked.stream().map(Ranked::file).toList());
            fileResults = ranked.stream().map(r -> {
                FileDocument f = r.file();
                FolderDocument p = f.folderId == null ? null : parents.get(f.folderId);
                FileView view = FileView.of(f, p == null ? null : new FolderRef(p.id.toHexString(), p.name, p.path == null ? "/" : p.path));
                return new FileHit(view, r.rank() >= RANK_CONTENT ? "content" : "name");
            }).toList();
        }
        if (!kind.equals("files")) {
            List<FolderDocument> found = folders.mongoCollection().find(byName(owner, grams, "name", literal))
                    .projection(FileRepository.WITHOUT_INDEX_FIELDS).sort(NEWEST_FIRST).limit(CANDIDATES)
                    .into(new ArrayList<>());
            folderResults = found.stream()
                    .sorted(Comparator.comparingInt((FolderDocument f) -> rank(f.name, needle)))
                    .skip(offset).limit(limit).map(FolderView::of).toList();
        }
        return new Results(fileResults, folderResults);
    }

    /** Name matches and word matches (name or content) merged into one ranked list. */
    private List<Ranked> rankedFiles(String q, Document literal, Document grams, String needle, ObjectId owner) {
        List<Ranked> all = new ArrayList<>();
        Set<ObjectId> seen = new HashSet<>();
        for (FileDocument f : files.mongoCollection().find(byName(owner, grams, "originalName", literal))
                .projection(FileRepository.WITHOUT_INDEX_FIELDS).sort(NEWEST_FIRST).limit(CANDIDATES)
                .into(new ArrayList<>())) {
            seen.add(f.id);
            all.add(new Ranked(f, rank(f.originalName, needle)));
        }
        List<String> words = Tokenizer.queryTokens(q);
        if (!words.isEmpty()) {
            // a query of one letter alone matches whole words only: as a prefix it would match most
            // words of a large drive (the name search finds names that contain it)
            boolean lastIsPrefix = words.size() > 1 || words.get(0).length() >= 2;
            List<ObjectId> ids = index.findMatching(owner, words, lastIsPrefix, CANDIDATES).stream()
                    .filter(id -> !seen.contains(id)).toList();
            if (!ids.isEmpty()) {
                // the file decides: trashed or deleted files never match, whatever the index holds
                for (FileDocument f : files.mongoCollection().find(new Document("_id", new Document("$in", ids))
                        .append("ownerId", owner).append("deletedAt", null)).projection(FileRepository.WITHOUT_INDEX_FIELDS)
                        .into(new ArrayList<>())) {
                    all.add(new Ranked(f, nameHasWords(f.originalName, words) ? RANK_NAME_WORDS : RANK_CONTENT));
                }
            }
        }
        all.sort(Comparator.comparingInt(Ranked::rank)
                .thenComparing((Ranked r) -> r.file().createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing((Ranked r) -> r.file().id, Comparator.reverseOrder()));
        return all;
    }

    private static Document byName(ObjectId owner, Document grams, String nameField, Document literal) {
        Document query = new Document("ownerId", owner).append("deletedAt", null);
        if (grams != null) {
            query.append("nameGrams", grams);
        }
        return query.append(nameField, literal);
    }

    /** Whether every query word is a word of the name (the last one as a prefix). */
    static boolean nameHasWords(String name, List<String> words) {
        List<String> nameWords = Tokenizer.indexTokens(name == null ? "" : name);
        Set<String> exact = new HashSet<>(nameWords);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean found = i == words.size() - 1 ? nameWords.stream().anyMatch(n -> n.startsWith(w)) : exact.contains(w);
            if (!found) {
                return false;
            }
        }
        return true;
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
