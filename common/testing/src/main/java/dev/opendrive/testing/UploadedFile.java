package dev.opendrive.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.model.Filters;

/**
 * A file as the API leaves it for the workers, put in place by a worker's integration test: its blob
 * in the launched worker's local storage (DATA_DIR/storage/files/OWNER/FILE), its document in the
 * "files" collection and a file.uploaded record on the topic. Written from the documented formats
 * (docs/api.md, "Documents" and "Events"), not from the app's own classes, so the suites check the
 * contract the API and the workers share.
 */
public final class UploadedFile {

    public static final String TOPIC = "file-events";

    private final ObjectId id = new ObjectId();
    private final ObjectId ownerId = new ObjectId();
    private final String name;
    private final String mimeType;
    private final byte[] content;

    private UploadedFile(String name, String mimeType, byte[] content) {
        this.name = name;
        this.mimeType = mimeType;
        this.content = content;
    }

    /** Stores the blob and the document in the launched app's storage and database. */
    public static UploadedFile put(TestDatabase db, String name, String mimeType, byte[] content) {
        UploadedFile file = new UploadedFile(name, mimeType, content);
        Path blob = storageDir().resolve(file.storageKey());
        try {
            Files.createDirectories(blob.getParent());
            Files.write(blob, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        db.collection("files", Document.class).insertOne(new Document("_id", file.id)
                .append("name", UUID.randomUUID() + "-" + name)
                .append("originalName", name)
                .append("nameKey", name.toLowerCase(Locale.ROOT))
                .append("ownerId", file.ownerId)
                .append("folderId", null)
                .append("storageKey", file.storageKey())
                .append("storageProvider", "local")
                .append("mimeType", mimeType)
                .append("size", (long) content.length)
                .append("sha256", sha256(content))
                .append("isShared", false)
                .append("hasThumbnail", false)
                .append("createdAt", new Date()));
        return file;
    }

    /** Puts the file.uploaded record on the topic, keyed by the file id, as the API's publisher does. */
    public UploadedFile publishUploaded() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("fileId", id.toHexString());
        data.put("path", storageKey());
        data.put("mimetype", mimeType);
        data.put("userId", ownerId.toHexString());
        data.put("size", content.length);
        data.put("name", name);
        KafkaRecords.send(LaunchedApp.handedTo("opendrive.kafka.bootstrap-servers"), TOPIC, id.toHexString(),
                Map.of("id", UUID.randomUUID().toString(), "event", "file.uploaded", "data", data,
                        "timestamp", Instant.now().toString(), "service", "integration-test"));
        return this;
    }

    /** The blob directory of the launched app's local storage provider (STORAGE_PATH unset: DATA_DIR/storage). */
    public static Path storageDir() {
        return Path.of(LaunchedApp.handedTo("opendrive.data-dir"), "storage");
    }

    /** The file's document as it is now in the database. */
    public Document document(TestDatabase db) {
        return db.collection("files", Document.class).find(Filters.eq("_id", id)).first();
    }

    public ObjectId id() {
        return id;
    }

    public ObjectId ownerId() {
        return ownerId;
    }

    public String storageKey() {
        return "files/" + ownerId.toHexString() + "/" + id.toHexString();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
