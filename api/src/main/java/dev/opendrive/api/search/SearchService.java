package dev.opendrive.api.search;

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

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.api.files.FileView;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.folders.FolderView;
import jakarta.enterprise.context.ApplicationScoped;
import dev.opendrive.model.search.NameIndex;
import dev.opendrive.model.search.SearchIndexRepository;
import dev.opendrive.model.search.Tokenizer;

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
    /** Most candidates of each kind (name, words) read for one page. */
    static final int CANDIDATES = 500;
    /** Fewest candidates read for a page: ranking happens among them, so not just the page itself. */
    static final int MIN_CANDIDATES = 100;
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
            throw ApiException.badRequest(ErrorCode.QUERY_REQUIRED, "Search query is required");
        }
        String q = rawQuery.strip();
        if (q.length() > MAX_QUERY_LENGTH) {
            throw ApiException.badRequest(ErrorCode.QUERY_TOO_LONG,
                    "Search query is too long (at most " + MAX_QUERY_LENGTH + " characters)");
        }
        String kind = type == null || type.isBlank() ? "all" : type.toLowerCase(Locale.ROOT);
        if (!List.of("all", "files", "folders").contains(kind)) {
            throw ApiException.badRequest(ErrorCode.INVALID_TYPE, "type must be one of all, files, folders");
        }
        if (limit < 1 || limit > 200 || offset < 0) {
            throw ApiException.badRequest(ErrorCode.INVALID_PAGE, "limit must be 1..200 and offset >= 0");
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
            List<Ranked> ranked = rankedFiles(q, literal, grams, needle, owner, offset, limit);
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
                    .projection(FileRepository.WITHOUT_INDEX_FIELDS).sort(NEWEST_FIRST).limit(window(offset, limit))
                    .into(new ArrayList<>());
            folderResults = found.stream()
                    .sorted(Comparator.comparingInt((FolderDocument f) -> rank(f.name, needle)))
                    .skip(offset).limit(limit).map(FolderView::of).toList();
        }
        return new Results(fileResults, folderResults);
    }

    /** A candidate before its document is read: ranked by what the indexes say. */
    private record Candidate(ObjectId id, int rank, java.util.Date createdAt) {
    }

    /**
     * Name matches and word matches (name or content) merged into one ranked list, and the page of
     * it asked for. Name candidates bring only their name and date; word candidates only their id
     * (the token indexes answer alone, newest first), ranked "name holds the words" when the name
     * tokens alone match. Documents are read for the page only, in small batches, the file deciding
     * whether it still matches (trashed or deleted files never do, whatever the index holds).
     */
    private List<Ranked> rankedFiles(String q, Document literal, Document grams, String needle, ObjectId owner,
            int offset, int limit) {
        int window = window(offset, limit);
        List<Candidate> byName = new ArrayList<>();
        Set<ObjectId> seen = new HashSet<>();
        for (Document d : files.mongoCollection().find(byName(owner, grams, "originalName", literal), Document.class)
                .projection(new Document("originalName", 1).append("createdAt", 1)).sort(NEWEST_FIRST)
                .limit(window)) {
            ObjectId id = d.getObjectId("_id");
            seen.add(id);
            byName.add(new Candidate(id, rank(d.getString("originalName"), needle), d.getDate("createdAt")));
        }
        byName.sort(Comparator.comparingInt(Candidate::rank)
                .thenComparing(Candidate::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Candidate::id, Comparator.reverseOrder()));
        List<Candidate> ordered = new ArrayList<>(byName);
        List<String> words = Tokenizer.queryTokens(q);
        if (!words.isEmpty()) {
            // a query of one letter alone matches whole words only: as a prefix it would match most
            // words of a large drive (the name search finds names that contain it)
            boolean lastIsPrefix = words.size() > 1 || words.get(0).length() >= 2;
            List<ObjectId> ids = index.findMatching(owner, words, lastIsPrefix, window);
            Set<ObjectId> inNames = new HashSet<>(index.findMatchingNames(owner, words, lastIsPrefix, window));
            List<Candidate> content = new ArrayList<>();
            for (ObjectId id : ids) {
                if (seen.add(id)) {
                    (inNames.contains(id) ? ordered : content).add(new Candidate(id, inNames.contains(id)
                            ? RANK_NAME_WORDS : RANK_CONTENT, null));
                }
            }
            ordered.addAll(content);
        }
        return page(ordered, owner, offset, limit);
    }

    /**
     * How many of the newest matches of each kind are ranked for a page: twice what the page reaches
     * (at least {@value #MIN_CANDIDATES}, at most {@value #CANDIDATES}), so the ranking has a choice
     * without every search reading hundreds of documents.
     */
    static int window(int offset, int limit) {
        return (int) Math.min(CANDIDATES, Math.max(MIN_CANDIDATES, 2L * (offset + limit)));
    }

    /** Reads the documents of the page, in batches, skipping candidates whose file no longer matches. */
    private List<Ranked> page(List<Candidate> ordered, ObjectId owner, int offset, int limit) {
        List<Ranked> page = new ArrayList<>();
        int valid = 0;
        int at = 0;
        while (page.size() < limit && at < ordered.size()) {
            // what the page still needs, and a few more for candidates whose file no longer matches
            int batch = Math.min(ordered.size() - at, offset + limit - valid + 8);
            List<Candidate> slice = ordered.subList(at, at + batch);
            at += batch;
            Map<ObjectId, FileDocument> found = new java.util.HashMap<>();
            files.mongoCollection().find(new Document("_id", new Document("$in", slice.stream().map(Candidate::id).toList()))
                    .append("ownerId", owner).append("deletedAt", null)).projection(FileRepository.WITHOUT_INDEX_FIELDS)
                    .forEach(f -> found.put(f.id, f));
            for (Candidate c : slice) {
                FileDocument f = found.get(c.id());
                if (f == null) {
                    continue;
                }
                if (valid++ >= offset && page.size() < limit) {
                    page.add(new Ranked(f, c.rank()));
                }
            }
        }
        return page;
    }

    private static Document byName(ObjectId owner, Document grams, String nameField, Document literal) {
        Document query = new Document("ownerId", owner).append("deletedAt", null);
        if (grams != null) {
            query.append("nameGrams", grams);
        }
        return query.append(nameField, literal);
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
