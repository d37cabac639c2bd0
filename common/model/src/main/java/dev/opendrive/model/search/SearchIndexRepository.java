package dev.opendrive.model.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The search index collection. Queries use only what both MongoDB Atlas and the embedded
 * MongoDB-wire server understand: equality on array elements and anchored ^prefix regular
 * expressions (no $text).
 */
@ApplicationScoped
public class SearchIndexRepository implements PanacheMongoRepositoryBase<SearchIndexDocument, ObjectId> {

    /**
     * Ids of the owner's entries whose name or content tokens contain every token, newest first;
     * the last one matches as a prefix when {@code lastIsPrefix}. Tokens must come from
     * {@link Tokenizer#queryTokens}. Only ids are asked for, so an engine can answer from its
     * token indexes without reading the entries (their token lists can be large).
     */
    public List<ObjectId> findMatching(ObjectId ownerId, List<String> tokens, boolean lastIsPrefix, int limit) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        List<ObjectId> ids = new ArrayList<>();
        mongoCollection().find(matchQuery(ownerId, tokens, lastIsPrefix), Document.class)
                .projection(new Document("_id", 1)).sort(new Document("_id", -1)).limit(limit)
                .forEach(d -> ids.add(d.getObjectId("_id")));
        return ids;
    }

    /** As {@link #findMatching}, but the words must all be in the name (name tokens only). */
    public List<ObjectId> findMatchingNames(ObjectId ownerId, List<String> tokens, boolean lastIsPrefix, int limit) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        Document query = new Document("ownerId", ownerId);
        List<Document> words = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Object condition = lastIsPrefix && i == tokens.size() - 1
                    ? new Document("$regex", "^" + quote(tokens.get(i))) : tokens.get(i);
            words.add(new Document("nameTokens", condition));
        }
        query.append("$and", words);
        List<ObjectId> ids = new ArrayList<>();
        mongoCollection().find(query, Document.class).projection(new Document("_id", 1)).sort(new Document("_id", -1))
                .limit(limit).forEach(d -> ids.add(d.getObjectId("_id")));
        return ids;
    }

    /**
     * {ownerId, $or: [name or content has word 1], $and: [{$or: [... word 2]}, ...]}: each word is
     * one $or of the two token indexes (both end with _id: -1, so every arm yields newest first).
     * The longest whole word comes first: it is likely the rarest, and a MongoDB planner drives the
     * query with the first $or.
     */
    static Document matchQuery(ObjectId ownerId, List<String> tokens, boolean lastIsPrefix) {
        List<Document> words = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Object condition = tokens.get(i);
            if (lastIsPrefix && i == tokens.size() - 1) {
                condition = new Document("$regex", "^" + quote(tokens.get(i)));
            }
            words.add(new Document("$or", List.of(new Document("nameTokens", condition),
                    new Document("contentTokens", condition))));
        }
        int exactWords = lastIsPrefix ? tokens.size() - 1 : tokens.size();
        int driver = 0;
        for (int i = 1; i < exactWords; i++) {
            if (tokens.get(i).length() > tokens.get(driver).length()) {
                driver = i;
            }
        }
        Document query = new Document("ownerId", ownerId).append("$or", words.get(driver).get("$or"));
        List<Document> rest = new ArrayList<>(words);
        rest.remove(driver);
        if (!rest.isEmpty()) {
            query.append("$and", rest);
        }
        return query;
    }

    /** Updates the name part of an entry; false when there is no entry for the file. */
    public boolean updateName(ObjectId fileId, ObjectId folderId, String name, List<String> nameTokens) {
        Document set = new Document("folderId", folderId).append("name", name).append("nameTokens", nameTokens)
                .append("updatedAt", Date.from(Instant.now()));
        return mongoCollection().updateOne(new Document("_id", fileId), new Document("$set", set))
                .getMatchedCount() > 0;
    }

    /** Tokens hold only letters and digits, but escape any ASCII punctuation anyway. */
    static String quote(String token) {
        StringBuilder out = new StringBuilder(token.length() + 4);
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
