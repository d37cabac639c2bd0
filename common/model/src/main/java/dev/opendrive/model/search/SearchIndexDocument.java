package dev.opendrive.model.search;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One entry of the search index per file (collection "search_index", _id = the file's id): the
 * tokens of its display name and of its extracted content, as written by the search indexer.
 * Whether the file is trashed is not kept here: queries check the file itself, so a trashed file
 * never matches whatever the index says.
 */
@MongoEntity(collection = SearchIndexDocument.COLLECTION)
public class SearchIndexDocument {

    public static final String COLLECTION = "search_index";

    /** The file's id. */
    @BsonId
    public ObjectId id;
    public ObjectId ownerId;
    public ObjectId folderId;
    /** Display name the name tokens were made from. */
    public String name;
    public List<String> nameTokens;
    /** Distinct tokens of the extracted text, in order of first appearance, capped. */
    public List<String> contentTokens;
    /** The content the tokens were extracted from (the file's sha256 then). */
    public String sha256;
    public String mimeType;
    public long size;
    /** Characters of text extracted (at most the extraction cap). */
    public long contentChars;
    /** True when the text or the token list was cut at its cap: the rest of the file is not indexed. */
    public boolean truncated;
    /** Why the content is not indexed (unsupported type, encrypted PDF, ...); null when it is. */
    public String skipped;
    /** {@link Tokenizer#VERSION} the entry was made with. */
    public int tokenizerVersion;
    /** When the content was last extracted. */
    public Instant indexedAt;
    /** When the entry was last written (content or name). */
    public Instant updatedAt;
}
