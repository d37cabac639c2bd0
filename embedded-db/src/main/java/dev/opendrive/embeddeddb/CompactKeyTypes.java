package dev.opendrive.embeddeddb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Compact key types for the stock maps: document ids (the data map's keys, unique index
 * positions) and unique index keys. The store's default serializes each with Java serialization
 * (class descriptors included) on every write; these write an ObjectId in 13 bytes. Values of other
 * types, and anything written by the previous version, go through the default type unchanged.
 */
final class CompactKeyTypes {

    private static final byte OBJECT_ID = (byte) 0xB6;
    private static final byte KEY_VALUE = (byte) 0xB7;
    private static final byte PART_OBJECT_ID = 1;
    private static final byte PART_STRING = 2;

    private CompactKeyTypes() {
    }

    private static int compareIds(ObjectId a, ObjectId b) {
        return Arrays.compareUnsigned(a.toByteArray(), b.toByteArray());
    }

    /**
     * Document ids. Orders ObjectIds as ObjectId.compareTo (unsigned bytes), everything else as
     * the default type does, so maps written before keep their order.
     */
    static final class Ids extends BasicDataType<Object> {
        private final ObjectDataType legacy = new ObjectDataType();

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof ObjectId x && b instanceof ObjectId y) {
                return compareIds(x, y);
            }
            return legacy.compare(a, b);
        }

        @Override
        public int getMemory(Object value) {
            return value instanceof ObjectId ? 48 : legacy.getMemory(value);
        }

        @Override
        public void write(WriteBuffer buff, Object value) {
            if (value instanceof ObjectId id) {
                buff.put(OBJECT_ID).put(id.toByteArray());
            } else {
                legacy.write(buff, value);
            }
        }

        @Override
        public Object read(ByteBuffer buff) {
            if (buff.get(buff.position()) != OBJECT_ID) {
                return legacy.read(buff);
            }
            buff.get();
            byte[] bytes = new byte[12];
            buff.get(bytes);
            return new ObjectId(bytes);
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Ids;
        }

        @Override
        public int hashCode() {
            return Ids.class.hashCode();
        }
    }

    /**
     * Keys of unique indexes (a KeyValue of ObjectIds and strings, e.g. the e-mail index). Such keys
     * sort before any other key, by value; other keys as the default type sorts them. A map written
     * by the previous version sorted by serialized bytes, so it is rebuilt on first open.
     */
    static final class UniqueKeys extends BasicDataType<Object> {
        private final ObjectDataType legacy = new ObjectDataType();

        private static boolean compact(Object key) {
            if (!(key instanceof KeyValue kv)) {
                return false;
            }
            for (Object part : kv) {
                if (!(part instanceof ObjectId) && !(part instanceof String)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int compare(Object a, Object b) {
            boolean ca = compact(a);
            boolean cb = compact(b);
            if (ca && cb) {
                KeyValue x = (KeyValue) a;
                KeyValue y = (KeyValue) b;
                for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                    int c = comparePart(x.get(i), y.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(x.size(), y.size());
            }
            if (ca != cb) {
                return ca ? -1 : 1;
            }
            return legacy.compare(a, b);
        }

        private static int comparePart(Object a, Object b) {
            if (a instanceof ObjectId x && b instanceof ObjectId y) {
                return compareIds(x, y);
            }
            if (a instanceof String x && b instanceof String y) {
                return x.compareTo(y);
            }
            return a instanceof ObjectId ? -1 : 1;
        }

        @Override
        public int getMemory(Object value) {
            return compact(value) ? 64 + 16 * ((KeyValue) value).size() : legacy.getMemory(value);
        }

        @Override
        public void write(WriteBuffer buff, Object value) {
            if (!compact(value)) {
                legacy.write(buff, value);
                return;
            }
            KeyValue kv = (KeyValue) value;
            buff.put(KEY_VALUE).putVarInt(kv.size());
            for (Object part : kv) {
                if (part instanceof ObjectId id) {
                    buff.put(PART_OBJECT_ID).put(id.toByteArray());
                } else {
                    byte[] utf8 = ((String) part).getBytes(StandardCharsets.UTF_8);
                    buff.put(PART_STRING).putVarInt(utf8.length).put(utf8);
                }
            }
        }

        @Override
        public Object read(ByteBuffer buff) {
            if (buff.get(buff.position()) != KEY_VALUE) {
                return legacy.read(buff);
            }
            buff.get();
            int n = DataUtils.readVarInt(buff);
            List<Object> parts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (buff.get() == PART_OBJECT_ID) {
                    byte[] bytes = new byte[12];
                    buff.get(bytes);
                    parts.add(new ObjectId(bytes));
                } else {
                    byte[] utf8 = new byte[DataUtils.readVarInt(buff)];
                    buff.get(utf8);
                    parts.add(new String(utf8, StandardCharsets.UTF_8));
                }
            }
            return new KeyValue(parts);
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof UniqueKeys;
        }

        @Override
        public int hashCode() {
            return UniqueKeys.class.hashCode();
        }
    }
}
