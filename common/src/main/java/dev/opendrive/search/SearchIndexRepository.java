package dev.opendrive.search;

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
     * Entries of the owner whose name or content tokens contain every token; the last one matches
     * as a prefix when {@code lastIsPrefix}. Tokens must come from {@link Tokenizer#queryTokens}.
     * Only the id, name and name tokens are loaded (content token lists can be large).
     */
    public List<SearchIndexDocument> findMatching(ObjectId ownerId, List<String> tokens, boolean lastIsPrefix,
            int limit) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        return mongoCollection().find(matchQuery(ownerId, tokens, lastIsPrefix))
                .projection(new Document("name", 1).append("nameTokens", 1).append("ownerId", 1))
                .sort(new Document("_id", -1)).limit(limit).into(new ArrayList<>());
    }

    static Document matchQuery(ObjectId ownerId, List<String> tokens, boolean lastIsPrefix) {
        List<Document> all = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Object condition = tokens.get(i);
            if (lastIsPrefix && i == tokens.size() - 1) {
                condition = new Document("$regex", "^" + quote(tokens.get(i)));
            }
            all.add(new Document("$or", List.of(new Document("nameTokens", condition),
                    new Document("contentTokens", condition))));
        }
        return new Document("ownerId", ownerId).append("$and", all);
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
