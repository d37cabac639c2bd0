package dev.opendrive.model.db;

import java.util.Optional;

import org.bson.types.ObjectId;

/** Parsing of client-supplied ids: anything that is not a 24-hex ObjectId is simply "no such id". */
public final class ObjectIds {

    private ObjectIds() {
    }

    public static Optional<ObjectId> parse(String raw) {
        if (raw == null || !ObjectId.isValid(raw) || raw.length() != 24) {
            return Optional.empty();
        }
        return Optional.of(new ObjectId(raw));
    }

    public static String str(ObjectId id) {
        return id == null ? null : id.toHexString();
    }
}
