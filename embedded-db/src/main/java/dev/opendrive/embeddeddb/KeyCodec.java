package dev.opendrive.embeddeddb;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Order-preserving, prefix-free byte encoding of index key values: comparing two encoded keys
 * byte by byte (unsigned) orders them as the engine's own comparator orders the values, type
 * first (MinKey, null, numbers, strings, documents, arrays, binary, UUIDs, ObjectIds, booleans,
 * dates, timestamps, regular expressions, MaxKey). Because every encoding is prefix-free, a
 * compound key is the concatenation of its parts, and a descending part is its bytes inverted.
 * <p>
 * Null, numbers, strings, ObjectIds, booleans and dates are encoded by value; numbers as doubles
 * (so 1, 1L and 1.0 are one key, as in MongoDB). Values of the other types are encoded by their
 * type only ("opaque"): an index still finds them for a full-range scan and the query matcher
 * decides, but it can neither bound nor order within such a type.
 */
final class KeyCodec {

    static final int MIN_KEY = 0x08;
    static final int NULL = 0x10;
    static final int NUMBER = 0x20;
    static final int STRING = 0x30;
    static final int DOCUMENT = 0x40;
    static final int ARRAY = 0x48;
    static final int BINARY = 0x50;
    static final int LEGACY_UUID = 0x54;
    static final int UUID_TYPE = 0x58;
    static final int OBJECT_ID = 0x60;
    static final int BOOLEAN = 0x70;
    static final int DATE = 0x78;
    static final int TIMESTAMP = 0x80;
    static final int REGEX = 0x88;
    static final int MAX_KEY = 0xF0;

    private KeyCodec() {
    }

    /** Whether the value is encoded by value (it can bound a scan and order results). */
    static boolean isExact(Object value) {
        if (value == null || value instanceof Missing || value instanceof String || value instanceof ObjectId
                || value instanceof Boolean || value instanceof Instant || value instanceof MinKey
                || value instanceof MaxKey) {
            return true;
        }
        if (value instanceof Integer || value instanceof Double || value instanceof Short || value instanceof Byte
                || value instanceof Float) {
            return true;
        }
        if (value instanceof Long l) {
            long v = l;
            return (long) (double) v == v && v != Long.MAX_VALUE;
        }
        return false;
    }

    static void encode(Object value, boolean descending, ByteArrayOutputStream out) {
        if (!descending) {
            encode(value, out);
            return;
        }
        ByteArrayOutputStream part = new ByteArrayOutputStream(16);
        encode(value, part);
        byte[] bytes = part.toByteArray();
        for (byte b : bytes) {
            out.write(~b & 0xFF);
        }
    }

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        encode(value, out);
        return out.toByteArray();
    }

    static void encode(Object value, ByteArrayOutputStream out) {
        if (value == null || value instanceof Missing) {
            out.write(NULL);
        } else if (value instanceof String s) {
            out.write(STRING);
            writeChars(s, out);
            out.write(0);
            out.write(0);
            out.write(0);
        } else if (value instanceof ObjectId id) {
            out.write(OBJECT_ID);
            out.writeBytes(id.toByteArray());
        } else if (value instanceof Number n) {
            out.write(NUMBER);
            double d = n.doubleValue();
            if (d == 0.0) {
                d = 0.0; // -0.0 and 0.0 are the same key
            }
            long bits = Double.doubleToLongBits(d);
            bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
            writeLong(bits, out);
        } else if (value instanceof Boolean b) {
            out.write(BOOLEAN);
            out.write(b ? 1 : 0);
        } else if (value instanceof Instant t) {
            out.write(DATE);
            writeLong(t.getEpochSecond() ^ Long.MIN_VALUE, out);
            int nanos = t.getNano();
            out.write(nanos >>> 24);
            out.write(nanos >>> 16);
            out.write(nanos >>> 8);
            out.write(nanos);
        } else if (value instanceof MinKey) {
            out.write(MIN_KEY);
        } else if (value instanceof MaxKey) {
            out.write(MAX_KEY);
        } else {
            out.write(opaqueTag(value));
        }
    }

    private static int opaqueTag(Object value) {
        if (value instanceof Map) {
            return DOCUMENT;
        } else if (value instanceof Collection) {
            return ARRAY;
        } else if (value instanceof BinData || value instanceof byte[]) {
            return BINARY;
        } else if (value instanceof LegacyUUID) {
            return LEGACY_UUID;
        } else if (value instanceof UUID) {
            return UUID_TYPE;
        } else if (value instanceof BsonTimestamp) {
            return TIMESTAMP;
        } else if (value instanceof BsonRegularExpression) {
            return REGEX;
        }
        return DOCUMENT;
    }

    /** The bytes a string's encoding starts with, for a prefix range (no terminator). */
    static byte[] stringPrefix(String prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length() * 2 + 1);
        out.write(STRING);
        writeChars(prefix, out);
        return out.toByteArray();
    }

    /**
     * Each UTF-16 unit big-endian, so byte order is String.compareTo's order; U+0000 is escaped as
     * 00 00 FF so that the terminator 00 00 00 sorts below every continuation.
     */
    private static void writeChars(String s, ByteArrayOutputStream out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.write(c >>> 8);
            out.write(c & 0xFF);
            if (c == 0) {
                out.write(0xFF);
            }
        }
    }

    private static void writeLong(long v, ByteArrayOutputStream out) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift) & 0xFF);
        }
    }

    /** Length of the encoded value starting at {@code offset} (ascending encoding). */
    static int length(byte[] key, int offset, boolean descending) {
        int tag = tagAt(key, offset, descending);
        switch (tag) {
            case NULL, MIN_KEY, MAX_KEY, DOCUMENT, ARRAY, BINARY, LEGACY_UUID, UUID_TYPE, TIMESTAMP, REGEX:
                return 1;
            case NUMBER:
                return 9;
            case OBJECT_ID:
                return 13;
            case BOOLEAN:
                return 2;
            case DATE:
                return 13;
            case STRING: {
                int i = offset + 1;
                while (true) {
                    int hi = byteAt(key, i, descending);
                    int lo = byteAt(key, i + 1, descending);
                    if (hi == 0 && lo == 0) {
                        if (byteAt(key, i + 2, descending) == 0) {
                            return i + 3 - offset;
                        }
                        i += 3;
                    } else {
                        i += 2;
                    }
                }
            }
            default:
                throw new IllegalStateException("Corrupt index key: tag " + tag + " at " + offset);
        }
    }

    private static int tagAt(byte[] key, int offset, boolean descending) {
        return byteAt(key, offset, descending);
    }

    private static int byteAt(byte[] key, int i, boolean descending) {
        int b = key[i] & 0xFF;
        return descending ? ~b & 0xFF : b;
    }

    /** Decodes a value that {@link #decodable} accepts, written in ascending order at the offset. */
    static Object decode(byte[] key, int offset) {
        int tag = key[offset] & 0xFF;
        switch (tag) {
            case OBJECT_ID:
                return new ObjectId(Arrays.copyOfRange(key, offset + 1, offset + 13));
            case STRING: {
                StringBuilder s = new StringBuilder();
                int i = offset + 1;
                while (true) {
                    int hi = key[i] & 0xFF;
                    int lo = key[i + 1] & 0xFF;
                    if (hi == 0 && lo == 0) {
                        if ((key[i + 2] & 0xFF) == 0) {
                            return s.toString();
                        }
                        s.append('\0');
                        i += 3;
                    } else {
                        s.append((char) (hi << 8 | lo));
                        i += 2;
                    }
                }
            }
            default:
                throw new IllegalArgumentException("Not a decodable key at " + offset);
        }
    }

    /** Positions (document ids) that decode back to an equal object from their key bytes. */
    static boolean decodable(Object position) {
        return position instanceof ObjectId || position instanceof String;
    }

    /** The smallest byte string greater than every string that starts with {@code prefix}; null if none. */
    static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if ((next[i] & 0xFF) != 0xFF) {
                next[i]++;
                return Arrays.copyOf(next, i + 1);
            }
        }
        return null;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    static int compareReversed(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(b, a);
    }
}
