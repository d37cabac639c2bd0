package dev.opendrive.model.files;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonIgnore;
import org.bson.types.ObjectId;

import dev.opendrive.model.search.NameIndex;
import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * A stored file as kept in the "files" collection. Field names follow the documents the old
 * Node service wrote, so an existing database can be pointed at unchanged.
 */
@MongoEntity(collection = "files")
public class FileDocument {

    @BsonId
    public ObjectId id;
    /** "<uuid>-<original name>", kept for compatibility; never used to build a path. */
    public String name;
    /** Display name; rename changes it. */
    public String originalName;
    /** Lower-cased display name: the key for name conflicts within a folder. */
    public String nameKey;
    /** Trigrams of the display name, for substring search ({@link NameIndex}). */
    public List<String> nameGrams;
    public ObjectId folderId;
    public ObjectId ownerId;
    public String storageKey;
    public String storageProvider;
    public String mimeType;
    public long size;
    public String sha256;
    public boolean isShared;
    public String shareId;
    public Instant deletedAt;
    /** True for the item the user trashed, false for items trashed along with a folder. */
    public Boolean trashRoot;
    public Instant createdAt;
    public Instant updatedAt;
    public String thumbnailPath;
    public Instant thumbnailGeneratedAt;
    public boolean hasThumbnail;
    /**
     * (added) Earlier contents, oldest first; null or empty for a file never overwritten. Kept in
     * the document so that one conditional update changes the content and its history together.
     */
    public List<FileVersion> versions;
    /** (added) The sizes of {@link #versions} summed: they count toward the quota like the content. */
    public long versionBytes;
    /**
     * (added) Bumped by every change of the content or the versions, which are all conditional on
     * the value they read (null: a document from before versions, never changed that way).
     */
    public Long contentRevision;
    /** (added) When the current content was uploaded; null: at {@link #createdAt}. */
    public Instant contentUploadedAt;

    /** A new file of {@code owner} in {@code folderId} (null: the root), with its id and blob key. */
    public static FileDocument create(ObjectId owner, ObjectId folderId) {
        FileDocument doc = new FileDocument();
        doc.id = new ObjectId();
        doc.ownerId = owner;
        doc.folderId = folderId;
        doc.storageKey = StorageKeys.file(owner, doc.id);
        return doc;
    }

    /** Records what the storage provider wrote for this file. */
    public FileDocument holding(long blobSize, String blobSha256, String provider, String contentType) {
        size = blobSize;
        sha256 = blobSha256;
        storageProvider = provider;
        mimeType = contentType;
        return this;
    }

    /** Gives the file a display name, with the key and grams derived from it. */
    public FileDocument named(String displayName) {
        originalName = displayName;
        nameKey = NameIndex.key(displayName);
        nameGrams = NameIndex.grams(displayName);
        return this;
    }

    /** When the current content was uploaded. */
    public Instant contentUploadedAt() {
        return contentUploadedAt != null ? contentUploadedAt : createdAt;
    }

    /** Everything the file takes in storage: its content and its versions (what the quota counts). */
    @BsonIgnore
    public long storedBytes() {
        return size + versionBytes;
    }

    @BsonIgnore
    public List<FileVersion> versionList() {
        return versions == null ? List.of() : versions;
    }

    @BsonIgnore
    public boolean isTrashed() {
        return deletedAt != null;
    }
}
