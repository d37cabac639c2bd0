package dev.opendrive.api.folders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonIgnore;
import org.bson.types.ObjectId;

import dev.opendrive.model.search.NameIndex;
import io.quarkus.mongodb.panache.common.MongoEntity;

/** A folder in the "folders" collection, compatible with the documents of the old service. */
@MongoEntity(collection = "folders")
public class FolderDocument {

    @BsonId
    public ObjectId id;
    public String name;
    public String nameKey;
    /** Trigrams of the name, for substring search ({@link NameIndex}). */
    public List<String> nameGrams;
    public ObjectId parentId;
    public ObjectId ownerId;
    /** Where the folder lives: "/" for a root folder, "/A/B/" for a folder inside A/B. */
    public String path;
    /** Ids from the root down to the parent: finds a whole subtree with one query. */
    public List<ObjectId> ancestorIds = new ArrayList<>();
    public boolean isShared;
    public String shareId;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant deletedAt;
    public Boolean trashRoot;

    /** Gives the folder a name, with the key and grams derived from it. */
    public FolderDocument named(String displayName) {
        name = displayName;
        nameKey = NameIndex.key(displayName);
        nameGrams = NameIndex.grams(displayName);
        return this;
    }

    @BsonIgnore
    public boolean isTrashed() {
        return deletedAt != null;
    }

    /** The path of this folder's children. */
    public String childPath() {
        return (path == null ? "/" : path) + name + "/";
    }

    public List<ObjectId> lineage() {
        List<ObjectId> ids = new ArrayList<>(ancestorIds == null ? List.of() : ancestorIds);
        ids.add(id);
        return ids;
    }
}
