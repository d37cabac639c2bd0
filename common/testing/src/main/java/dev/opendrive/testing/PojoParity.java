package dev.opendrive.testing;

import static org.bson.codecs.configuration.CodecRegistries.fromProviders;
import static org.bson.codecs.configuration.CodecRegistries.fromRegistries;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.PojoCodecProvider;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;

import com.mongodb.MongoClientSettings;

/**
 * Holds a hand-written BSON codec to the driver's POJO mapping it replaces: the same bytes written,
 * the same fields read. Both the samples ({@link #fill}) and the comparison ({@link
 * #assertSameFields}) walk the entity's public fields by reflection, so a field added to an entity
 * but not to its codec gets a value, which the POJO codec writes and the hand-written one does not:
 * the comparison fails instead of the field silently never reaching the database.
 */
public final class PojoParity {

    /** The mapping the app's client used for every document before the hand-written codecs. */
    public static final CodecRegistry POJO = fromRegistries(MongoClientSettings.getDefaultCodecRegistry(),
            fromProviders(PojoCodecProvider.builder().automatic(true).build()));

    /** The context of an insert, in which the POJO codec gives a document without an id one. */
    public static final EncoderContext INSERT = EncoderContext.builder().isEncodingCollectibleDocument(true).build();

    /** The context of any other write (an update's document, a replacement). */
    public static final EncoderContext PLAIN = EncoderContext.builder().build();

    private static final Instant EPOCH = Instant.parse("2024-03-01T10:00:00.123Z");

    private PojoParity() {
    }

    /**
     * Gives every public instance field of {@code target} a value other than its type's default
     * (lists get two elements with a null between them); {@code samples} supplies the types this
     * does not know. A field of any other type fails: add a sample for it.
     */
    public static <T> T fill(T target, Map<Class<?>, Supplier<?>> samples) {
        int n = 0;
        for (Field field : publicFields(target.getClass())) {
            set(field, target, sample(field.getName(), field.getGenericType(), ++n, samples));
        }
        return target;
    }

    /** The document {@code codec} writes for {@code value}. */
    public static <T> RawBsonDocument encode(Codec<T> codec, T value, EncoderContext context) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            codec.encode(writer, value, context);
        }
        return new RawBsonDocument(buffer.toByteArray());
    }

    /** What {@code codec} reads from {@code document}, through the binary reader the driver uses. */
    public static <T> T decode(Codec<T> codec, BsonDocument document) {
        RawBsonDocument raw = document instanceof RawBsonDocument r ? r
                : new RawBsonDocument(document, new BsonDocumentCodec());
        return codec.decode(raw.asBsonReader(), DecoderContext.builder().build());
    }

    /** Both codecs write {@code value} alike, and read what the POJO codec wrote alike. */
    public static <T> void assertSameBothWays(Codec<T> pojo, Codec<T> own, T value) {
        RawBsonDocument expected = encode(pojo, value, PLAIN);
        assertSameDocument(expected, encode(own, value, PLAIN));
        assertSameFields(decode(pojo, expected), decode(own, expected));
    }

    /**
     * An insert of a document without an id gives it one, written as {@code _id}, with both codecs
     * alike; {@code blank} makes such a document, {@code id} reads its id.
     */
    public static <T> void assertInsertGivesId(Codec<T> pojo, Codec<T> own, Supplier<T> blank,
            Function<T, ObjectId> id) {
        T viaPojo = blank.get();
        T viaCodec = blank.get();
        RawBsonDocument written = encode(pojo, viaPojo, INSERT);
        RawBsonDocument ownWritten = encode(own, viaCodec, INSERT);
        assertNotNull(id.apply(viaCodec));
        assertEquals(ownWritten.getObjectId("_id").getValue(), id.apply(viaCodec));
        assertNotNull(id.apply(viaPojo));
        assertEquals(written.getObjectId("_id").getValue(), id.apply(viaPojo));
        assertEquals(new ArrayList<>(written.keySet()), new ArrayList<>(ownWritten.keySet()));
    }

    /** The same document, field for field, in the same order, in the same bytes. */
    public static void assertSameDocument(RawBsonDocument expected, RawBsonDocument actual) {
        assertEquals(expected.toJson(), actual.toJson());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
        byte[] e = Arrays.copyOf(expected.getByteBuffer().array(), expected.getByteBuffer().limit());
        byte[] a = Arrays.copyOf(actual.getByteBuffer().array(), actual.getByteBuffer().limit());
        assertArrayEquals(e, a, "the same JSON, but other bytes (a number of another width?)");
    }

    /**
     * Every public instance field equal, with the same class (an {@code ArrayList} is not a
     * {@code List.of}: callers add to decoded lists); objects without equals (a nested document)
     * compared by their public fields in turn.
     */
    public static void assertSameFields(Object expected, Object actual) {
        assertSameValue(expected.getClass().getSimpleName(), expected, actual);
    }

    private static void assertSameValue(String path, Object expected, Object actual) {
        if (expected == null) {
            assertNull(actual, path);
            return;
        }
        assertNotNull(actual, path);
        assertEquals(expected.getClass(), actual.getClass(), path + ": class");
        if (expected instanceof List<?> e) {
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), path + ": size");
            for (int i = 0; i < e.size(); i++) {
                assertSameValue(path + "[" + i + "]", e.get(i), a.get(i));
            }
        } else if (hasOwnEquals(expected.getClass())) {
            assertEquals(expected, actual, path);
        } else {
            for (Field field : publicFields(expected.getClass())) {
                assertSameValue(path + "." + field.getName(), get(field, expected), get(field, actual));
            }
        }
    }

    private static boolean hasOwnEquals(Class<?> type) {
        try {
            return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Field> publicFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                fields.add(field);
            }
        }
        if (fields.isEmpty()) {
            fail(type + " has no public fields to compare");
        }
        return fields;
    }

    private static Object sample(String name, Type type, int n, Map<Class<?>, Supplier<?>> samples) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type element = p.getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            list.add(sample(name, element, n, samples));
            list.add(null);
            list.add(sample(name, element, n + 100, samples));
            return list;
        }
        if (!(type instanceof Class<?> c)) {
            throw new AssertionError("no sample for " + name + " of type " + type + ": add one to PojoParity.fill");
        }
        if (c == String.class) {
            return name + "-" + n;
        } else if (c == ObjectId.class) {
            return new ObjectId();
        } else if (c == Instant.class) {
            return EPOCH.plusSeconds(n * 3600L);
        } else if (c == long.class || c == Long.class) {
            return 5_000_000_000L + n; // past int32, so a width mistake shows in the bytes
        } else if (c == int.class || c == Integer.class) {
            return 1000 + n;
        } else if (c == boolean.class || c == Boolean.class) {
            return true;
        } else if (samples.containsKey(c)) {
            return samples.get(c).get();
        }
        throw new AssertionError("no sample for " + name + " of type " + type + ": pass one to PojoParity.fill");
    }

    private static Object get(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(Field field, Object target, Object value) {
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
