package dev.opendrive.embeddeddb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CannotIndexParallelArraysError;

/**
 * A non-unique, compound, multikey index persisted in its own MVStore map, in the same store and
 * the same commit as the documents, so the two never disagree after a crash.
 * <p>
 * One entry per distinct key tuple of a document (one per array element for a multikey field):
 * the key is the {@link KeyCodec} encoding of the tuple followed by the encoding of the document's
 * id. Entries with equal tuples are therefore ordered by id, which lets a scan of one tuple be
 * merged or intersected with another by id, and a sort be served in the order a full scan has.
 * A trailing {@code _id} key in the index definition (as MongoDB users write it to serve an
 * {@code _id} sort) is that suffix; it is not stored twice.
 * <p>
 * The stock query loop never picks this index ({@link #canHandle} is false): the collection's
 * planner uses it through {@link #scan} and {@link #count}.
 */
final class SecondaryIndex extends Index<Object> {

    /** The value of an entry whose id decodes from its key; other ids are stored as the value. */
    private static final Boolean DECODABLE = Boolean.TRUE;
    static final String ID = "_id";

    private final MVMap<byte[], Object> entries;
    private final MVMap<String, Object> meta;
    private final String[] fields;
    private final boolean[] descending;
    private final boolean idDescending;
    private volatile boolean multikey;
    private volatile boolean opaque;

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<byte[], Object> entries,
            MVMap<String, Object> meta) {
        super(name, keys, sparse);
        this.entries = entries;
        this.meta = meta;
        int n = keys.size();
        boolean trailingId = n > 1 && keys.get(n - 1).getKey().equals(ID);
        int tupleFields = trailingId ? n - 1 : n;
        this.fields = new String[tupleFields];
        this.descending = new boolean[tupleFields];
        for (int i = 0; i < tupleFields; i++) {
            fields[i] = keys.get(i).getKey();
            descending[i] = !keys.get(i).isAscending();
        }
        this.idDescending = trailingId && !keys.get(n - 1).isAscending();
        this.multikey = Boolean.TRUE.equals(meta.get(flag("multikey")));
        this.opaque = Boolean.TRUE.equals(meta.get(flag("opaque")));
    }

    private String flag(String what) {
        return "index." + getName() + "." + what;
    }

    String[] fields() {
        return fields;
    }

    boolean descending(int field) {
        return descending[field];
    }

    /** Direction of the trailing _id key, when the definition has one. */
    boolean idDescending() {
        return idDescending;
    }

    /** Some document had an array in an indexed field: several entries per document. */
    boolean isMultikey() {
        return multikey;
    }

    /** Some indexed value was encoded by type only: this index cannot order results. */
    boolean hasOpaqueValues() {
        return opaque;
    }

    @Override
    public boolean isSparse() {
        return super.isSparse();
    }

    /** The distinct encoded key tuples of a document; empty for a sparse index and no indexed field. */
    List<byte[]> tuples(Document document) {
        Object[] values = new Object[fields.length];
        int arrayField = -1;
        boolean allMissing = true;
        for (int i = 0; i < fields.length; i++) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, fields[i]);
            if (!(value instanceof Missing)) {
                allMissing = false;
            }
            if (value instanceof Collection) {
                if (arrayField >= 0) {
                    throw new CannotIndexParallelArraysError(List.of(fields[arrayField], fields[i]));
                }
                arrayField = i;
            }
            values[i] = value;
        }
        if (allMissing && isSparse()) {
            return List.of();
        }
        List<Object> elements;
        if (arrayField < 0) {
            elements = null;
        } else {
            elements = new ArrayList<>((Collection<?>) values[arrayField]);
            if (elements.isEmpty()) {
                // an empty array is indexed like a missing value, so a document is never absent
                elements.add(null);
            }
        }
        Map<String, byte[]> distinct = new LinkedHashMap<>();
        int variants = elements == null ? 1 : elements.size();
        for (int v = 0; v < variants; v++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(48);
            for (int i = 0; i < fields.length; i++) {
                Object value = i == arrayField ? elements.get(v) : values[i];
                KeyCodec.encode(value, descending[i], out);
            }
            byte[] tuple = out.toByteArray();
            distinct.putIfAbsent(java.util.HexFormat.of().formatHex(tuple), tuple);
        }
        return new ArrayList<>(distinct.values());
    }

    private void noteValues(Document document) {
        boolean array = false;
        boolean inexact = false;
        for (String field : fields) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, field);
            if (value instanceof Collection<?> c) {
                array = true;
                for (Object element : c) {
                    inexact |= !KeyCodec.isExact(element);
                }
            } else {
                inexact |= !KeyCodec.isExact(value);
            }
        }
        if (array && !multikey) {
            multikey = true;
            meta.put(flag("multikey"), Boolean.TRUE);
        }
        if (inexact && !opaque) {
            opaque = true;
            meta.put(flag("opaque"), Boolean.TRUE);
        }
    }

    private static byte[] entryKey(byte[] tuple, Object position) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tuple.length + 16);
        out.writeBytes(tuple);
        KeyCodec.encode(position, out);
        return out.toByteArray();
    }

    private static Object entryValue(Object position) {
        return KeyCodec.decodable(position) ? DECODABLE : Missing.ofNullable(position);
    }

    /** Where the id starts in an entry key. */
    int idOffset(byte[] key) {
        int offset = 0;
        for (int i = 0; i < fields.length; i++) {
            offset += KeyCodec.length(key, offset, descending[i]);
        }
        return offset;
    }

    Object position(byte[] key, Object value) {
        if (DECODABLE.equals(value)) {
            return KeyCodec.decode(key, idOffset(key));
        }
        return value instanceof Missing ? null : value;
    }

    @Override
    public Object getPosition(Document document) {
        return document.get(ID);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        tuples(document);
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        noteValues(document);
        for (byte[] tuple : tuples(document)) {
            entries.put(entryKey(tuple, position), entryValue(position));
        }
    }

    @Override
    public Object remove(Document document) {
        Object position = document.get(ID);
        for (byte[] tuple : tuples(document)) {
            entries.remove(entryKey(tuple, position));
        }
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        tuples(newDocument);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
            MongoCollection<Object> collection) {
        List<byte[]> before = tuples(oldDocument);
        List<byte[]> after = tuples(newDocument);
        noteValues(newDocument);
        for (byte[] tuple : before) {
            if (after.stream().noneMatch(t -> java.util.Arrays.equals(t, tuple))) {
                entries.remove(entryKey(tuple, position));
            }
        }
        for (byte[] tuple : after) {
            if (before.stream().noneMatch(t -> java.util.Arrays.equals(t, tuple))) {
                entries.put(entryKey(tuple, position), entryValue(position));
            }
        }
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException("secondary indexes are used through the collection's planner");
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return entries.sizeAsLong() * 48;
    }

    @Override
    public void drop() {
        entries.clear();
        meta.remove(flag("multikey"));
        meta.remove(flag("opaque"));
    }

    /** Entries in [from, to); null bounds are open. O(log n). */
    long count(byte[] from, byte[] to) {
        long start = from == null ? 0 : rank(from);
        long end = to == null ? entries.sizeAsLong() : rank(to);
        return Math.max(0, end - start);
    }

    private long rank(byte[] key) {
        long index = entries.getKeyIndex(key);
        return index >= 0 ? index : -(index + 1);
    }

    /** The first key at or after {@code key}, or null. */
    byte[] ceiling(byte[] key) {
        return entries.ceilingKey(key);
    }

    /** Entries in [from, to) in key order, or in reverse; null bounds are open. */
    Iterator<Map.Entry<byte[], Object>> scan(byte[] from, byte[] to, boolean reverse) {
        if (!reverse) {
            Cursor<byte[], Object> cursor = entries.cursor(from);
            return new Iterator<>() {
                private byte[] nextKey;
                private Object nextValue;

                @Override
                public boolean hasNext() {
                    if (nextKey == null && cursor.hasNext()) {
                        byte[] key = cursor.next();
                        if (to == null || KeyCodec.compare(key, to) < 0) {
                            nextKey = key;
                            nextValue = cursor.getValue();
                        }
                    }
                    return nextKey != null;
                }

                @Override
                public Map.Entry<byte[], Object> next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    Map.Entry<byte[], Object> e = Map.entry(nextKey, nextValue);
                    nextKey = null;
                    return e;
                }
            };
        }
        byte[] last = to == null ? entries.lastKey() : entries.lowerKey(to);
        if (last == null || from != null && KeyCodec.compare(last, from) < 0) {
            return java.util.Collections.emptyIterator();
        }
        Cursor<byte[], Object> cursor = entries.cursor(last, from, true);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Map.Entry<byte[], Object> next() {
                byte[] key = cursor.next();
                return Map.entry(key, cursor.getValue());
            }
        };
    }

    /** Checks every entry against the documents; returns the number of disagreements. */
    long verify(Iterable<Document> documents) {
        long expected = 0;
        long missing = 0;
        for (Document document : documents) {
            Object position = document.get(ID);
            for (byte[] tuple : tuples(document)) {
                expected++;
                if (!entries.containsKey(entryKey(tuple, position))) {
                    missing++;
                }
            }
        }
        return missing + Math.abs(entries.sizeAsLong() - expected);
    }
}
