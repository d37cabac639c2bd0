package dev.opendrive.model.db;

import static java.lang.String.format;

import java.util.List;

import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.types.ObjectId;

/**
 * One property written and read the way the driver's POJO codec does it, for the hand-written
 * codecs of the documents read on every listing (the POJO codec finds each field's property by a
 * linear search and sets it by reflection, which cost a third of a listing's CPU). Keeping the
 * POJO codec's rules here keeps documents written before and after the switch alike: null
 * properties are left out, a BSON null reads as null, and a null for a primitive fails as it did.
 */
public final class BsonFields {

    private BsonFields() {
    }

    /** Writes {@code name: value} unless the value is null, as the POJO codec does. */
    public static <V> void write(BsonWriter writer, EncoderContext context, String name, Codec<V> codec, V value) {
        if (value != null) {
            writer.writeName(name);
            context.encodeWithChildContext(codec, writer, value);
        }
    }

    /**
     * Writes {@code _id} as the POJO codec's id generator did: an insert of a document without an id
     * gives it a new one. Answers the id written (null: none), for the entity to hold too.
     */
    public static ObjectId writeId(BsonWriter writer, EncoderContext context, Codec<ObjectId> codec, ObjectId id) {
        ObjectId written = id == null && context.isEncodingCollectibleDocument() ? new ObjectId() : id;
        write(writer, context, "_id", codec, written);
        return written;
    }

    /** The current value: null for a BSON null, else what the codec reads. */
    public static <V> V read(BsonReader reader, DecoderContext context, Codec<V> codec) {
        if (reader.getCurrentBsonType() == BsonType.NULL) {
            reader.readNull();
            return null;
        }
        return context.decodeWithChildContext(codec, reader);
    }

    /** The value for a primitive field: the POJO codec could not set a null there and failed. */
    public static <V> V primitive(V value) {
        if (value == null) {
            throw new CodecConfigurationException("null for a primitive property");
        }
        return value;
    }

    /**
     * A decoding error as the POJO codec reports it, naming the document class and the property;
     * it wraps a {@link org.bson.BsonInvalidOperationException} (a value of another BSON type) or a
     * {@link CodecConfigurationException}, and lets anything else through.
     */
    public static CodecConfigurationException failure(Class<?> type, String property, RuntimeException cause) {
        return new CodecConfigurationException(format("Failed to decode '%s'. Decoding '%s' errored with: %s",
                type.getSimpleName(), property, cause.getMessage()), cause);
    }

    /**
     * A list property as the POJO codec maps a {@code List<E>}: the driver's own collection codec
     * (a BSON array of the elements, a null element as a BSON null, read back into an ArrayList).
     */
    @SuppressWarnings("unchecked")
    public static <E> Codec<List<E>> listOf(CodecRegistry registry, Class<E> element) {
        return (Codec<List<E>>) (Codec<?>) registry.get(List.class, List.of(element));
    }
}
