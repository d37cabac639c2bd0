package dev.opendrive.model.events;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.opendrive.model.events.EventData.AboutFile;
import dev.opendrive.model.events.EventData.FileDeleted;
import dev.opendrive.model.events.EventData.FileMoved;
import dev.opendrive.model.events.EventData.FileRenamed;
import dev.opendrive.model.events.EventData.FileRestored;
import dev.opendrive.model.events.EventData.FileUploaded;
import dev.opendrive.model.events.EventData.FolderDeleted;

/**
 * The wire form of an event, the old service's envelope: {@code {id, event, data, timestamp,
 * service}} with a flat {@code data} object ({@code fileId, path, mimetype, userId, size,
 * folderId, name} for file events, {@code permanent} on deletions; {@code userId, folderId,
 * permanent} for folder.deleted), absent fields left out. Written and read through the JSON tree,
 * so nothing here needs reflection (native images) and the field order is fixed.
 */
public final class EventCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventCodec() {
    }

    public static String encode(FileEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", event.id());
        root.put("event", event.type().wire());
        ObjectNode data = root.putObject("data");
        if (event.data() instanceof AboutFile about) {
            FileRef f = about.file();
            putIfPresent(data, "fileId", f.fileId());
            putIfPresent(data, "path", f.path());
            putIfPresent(data, "mimetype", f.mimetype());
            putIfPresent(data, "userId", f.userId());
            if (f.size() != null) {
                data.put("size", f.size());
            }
            putIfPresent(data, "folderId", f.folderId());
            putIfPresent(data, "name", f.name());
            if (about instanceof FileDeleted deleted) {
                data.put("permanent", deleted.permanent());
            }
        } else if (event.data() instanceof FolderDeleted folder) {
            putIfPresent(data, "userId", folder.userId());
            putIfPresent(data, "folderId", folder.folderId());
            data.put("permanent", folder.permanent());
        }
        putIfPresent(root, "timestamp", event.timestamp());
        putIfPresent(root, "service", event.service());
        return root.toString();
    }

    /**
     * The event in a record's value; empty for a well-formed event of a type this version does not
     * know (a newer producer's), which consumers skip rather than dead-letter.
     *
     * @throws UnprocessableEventException not JSON, or not an event
     */
    public static Optional<FileEvent> decode(String value) throws UnprocessableEventException {
        if (value == null || value.isBlank()) {
            throw new UnprocessableEventException("empty event record");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new UnprocessableEventException("malformed event record: " + e.getMessage(), e);
        }
        return decode(root);
    }

    /** As {@link #decode(String)}, from a JSON tree already parsed. */
    public static Optional<FileEvent> decode(JsonNode root) throws UnprocessableEventException {
        if (root == null || !root.isObject() || !root.path("event").isTextual() || !root.path("data").isObject()) {
            throw new UnprocessableEventException("not a file event (it needs an event name and a data object)");
        }
        Optional<EventType> type = EventType.fromWire(root.get("event").textValue());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        JsonNode d = root.get("data");
        EventData data = switch (type.get()) {
            case FILE_UPLOADED -> new FileUploaded(file(d));
            case FILE_DELETED -> new FileDeleted(file(d), d.path("permanent").asBoolean(false));
            case FILE_RESTORED -> new FileRestored(file(d));
            case FILE_RENAMED -> new FileRenamed(file(d));
            case FILE_MOVED -> new FileMoved(file(d));
            case FOLDER_DELETED -> new FolderDeleted(text(d, "folderId"), text(d, "userId"),
                    d.path("permanent").asBoolean(false));
        };
        return Optional.of(new FileEvent(text(root, "id"), data, text(root, "timestamp"), text(root, "service")));
    }

    private static FileRef file(JsonNode d) {
        JsonNode size = d.get("size");
        return new FileRef(text(d, "fileId"), text(d, "path"), text(d, "mimetype"), text(d, "userId"),
                size != null && size.canConvertToLong() ? size.longValue() : null, text(d, "folderId"), text(d, "name"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
