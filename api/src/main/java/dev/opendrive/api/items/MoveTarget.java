package dev.opendrive.api.items;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

/**
 * The folder a PUT/PATCH body moves an item into ({@code parentId} of a folder, {@code folderId} of a
 * file). A request without the field does not move: the record component is null. With the field,
 * {@link #folderId} is the raw reference, where null, "", "null", "undefined" and "root" mean the
 * root (see {@code Ownership.targetFolder}). Jackson's {@code Optional} cannot tell an absent field
 * from a JSON null in a record, which is the difference between "stay" and "move to the root".
 */
@JsonDeserialize(using = MoveTarget.Reader.class)
public record MoveTarget(String folderId) {

    /** A present value is read as a string (a number or an object is a 400 like any mistyped field). */
    static final class Reader extends StdDeserializer<MoveTarget> {

        Reader() {
            super(MoveTarget.class);
        }

        @Override
        public MoveTarget deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return new MoveTarget(ctxt.readValue(p, String.class));
        }

        /** {"parentId": null}: move to the root. */
        @Override
        public MoveTarget getNullValue(DeserializationContext ctxt) {
            return new MoveTarget(null);
        }

        /** No "parentId" at all: do not move. */
        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
