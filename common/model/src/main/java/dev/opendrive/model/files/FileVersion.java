package dev.opendrive.model.files;

import java.time.Instant;

import org.bson.types.ObjectId;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * (added) An earlier content of a file, kept inside its document ({@link FileDocument#versions}):
 * the blob it was stored as, and when that content was uploaded. Its blob key is whatever key the
 * content was written under (the file's first key, a later content key, or the key of a multipart
 * upload that replaced the file); only the document says which blob is what.
 */
@RegisterForReflection
public class FileVersion {

    public ObjectId versionId;
    public String storageKey;
    public String storageProvider;
    public long size;
    public String sha256;
    public String mimeType;
    /** When this content was uploaded (not when it stopped being current). */
    public Instant createdAt;
    /** When this content stopped being the file's current one: VERSION_RETENTION counts from here. */
    public Instant replacedAt;

    /** The file's current content as a version, replaced at {@code now}. */
    public static FileVersion ofCurrent(FileDocument file, Instant now) {
        FileVersion v = new FileVersion();
        v.versionId = new ObjectId();
        v.storageKey = file.storageKey;
        v.storageProvider = file.storageProvider;
        v.size = file.size;
        v.sha256 = file.sha256;
        v.mimeType = file.mimeType;
        v.createdAt = file.contentUploadedAt();
        v.replacedAt = now;
        return v;
    }
}
