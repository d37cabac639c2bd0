package dev.opendrive.embeddeddb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Streams of document ids in id order (ascending, or descending when reversed) out of index
 * entries: one index point (equal key tuples are ordered by id), their union and their
 * intersection. Ids compare by their {@link KeyCodec} bytes, which for ObjectIds and strings is
 * the engine's own order.
 */
final class IdStreams {

    private IdStreams() {
    }

    interface IdStream {
        /** Moves to the next id; false when there is none. */
        boolean advance();

        /** Moves to the first id at or after {@code id} in stream order; false when there is none. */
        boolean seek(byte[] id);

        byte[] id();

        Object position();
    }

    static int compare(byte[] a, byte[] b, boolean reverse) {
        int c = KeyCodec.compare(a, b);
        return reverse ? -c : c;
    }

    /** The entries of one key tuple of an index (all index fields fixed): ids in order. */
    static final class Point implements IdStream {
        private final SecondaryIndex index;
        private final byte[] prefix;
        private final byte[] end;
        private final boolean reverse;
        private Iterator<Map.Entry<byte[], Object>> entries;
        private byte[] key;
        private Object value;

        Point(SecondaryIndex index, byte[] prefix, boolean reverse) {
            this.index = index;
            this.prefix = prefix;
            this.end = KeyCodec.successor(prefix);
            this.reverse = reverse;
            this.entries = index.scan(prefix, end, reverse);
        }

        @Override
        public boolean advance() {
            if (entries.hasNext()) {
                Map.Entry<byte[], Object> e = entries.next();
                key = e.getKey();
                value = e.getValue();
                return true;
            }
            key = null;
            return false;
        }

        @Override
        public boolean seek(byte[] id) {
            if (key != null && compare(id(), id, reverse) >= 0) {
                return true;
            }
            byte[] target = KeyCodec.concat(prefix, id);
            entries = reverse ? index.scan(prefix, KeyCodec.successor(target), true) : index.scan(target, end, false);
            return advance();
        }

        @Override
        public byte[] id() {
            return Arrays.copyOfRange(key, prefix.length, key.length);
        }

        @Override
        public Object position() {
            return index.position(key, value);
        }
    }

    /** Ids known up front (an _id equality or $in), sorted. */
    static final class Listed implements IdStream {
        private final List<byte[]> ids;
        private final List<Object> positions;
        private final boolean reverse;
        private int at = -1;

        /** Encoded ids and their positions, ascending by id and distinct. */
        Listed(List<byte[]> ids, List<Object> positions, boolean reverse) {
            if (reverse) {
                this.ids = new ArrayList<>(ids);
                this.positions = new ArrayList<>(positions);
                java.util.Collections.reverse(this.ids);
                java.util.Collections.reverse(this.positions);
            } else {
                this.ids = ids;
                this.positions = positions;
            }
            this.reverse = reverse;
        }

        @Override
        public boolean advance() {
            at++;
            return at < ids.size();
        }

        @Override
        public boolean seek(byte[] id) {
            if (at < 0) {
                at = 0;
            }
            while (at < ids.size() && compare(ids.get(at), id, reverse) < 0) {
                at++;
            }
            return at < ids.size();
        }

        @Override
        public byte[] id() {
            return ids.get(at);
        }

        @Override
        public Object position() {
            return positions.get(at);
        }
    }

    /** Every id of any child, once. */
    static final class Union implements IdStream {
        private final List<IdStream> children;
        private final boolean reverse;
        private final PriorityQueue<IdStream> heap;
        private IdStream current;
        private boolean started;

        Union(List<IdStream> children, boolean reverse) {
            this.children = children;
            this.reverse = reverse;
            this.heap = new PriorityQueue<>(Math.max(1, children.size()), (a, b) -> compare(a.id(), b.id(), reverse));
        }

        @Override
        public boolean advance() {
            if (!started) {
                started = true;
                for (IdStream child : children) {
                    if (child.advance()) {
                        heap.add(child);
                    }
                }
            } else if (current != null) {
                byte[] last = current.id();
                // every child positioned on the id just returned moves past it
                List<IdStream> moved = new ArrayList<>();
                while (!heap.isEmpty() && KeyCodec.compare(heap.peek().id(), last) == 0) {
                    moved.add(heap.poll());
                }
                for (IdStream child : moved) {
                    if (child.advance()) {
                        heap.add(child);
                    }
                }
            }
            current = heap.peek();
            return current != null;
        }

        @Override
        public boolean seek(byte[] id) {
            if (!started) {
                started = true;
                for (IdStream child : children) {
                    if (child.seek(id)) {
                        heap.add(child);
                    }
                }
            } else {
                List<IdStream> all = new ArrayList<>(heap);
                heap.clear();
                for (IdStream child : all) {
                    if (compare(child.id(), id, reverse) >= 0 || child.seek(id)) {
                        heap.add(child);
                    }
                }
            }
            current = heap.peek();
            return current != null;
        }

        @Override
        public byte[] id() {
            return current.id();
        }

        @Override
        public Object position() {
            return current.position();
        }
    }

    /** The ids every child has (leapfrog: the others seek to the furthest one). */
    static final class Intersection implements IdStream {
        private final List<IdStream> children;
        private final boolean reverse;
        private boolean started;

        Intersection(List<IdStream> children, boolean reverse) {
            this.children = children;
            this.reverse = reverse;
        }

        @Override
        public boolean advance() {
            if (!started) {
                started = true;
                for (IdStream child : children) {
                    if (!child.advance()) {
                        return false;
                    }
                }
            } else if (!children.get(0).advance()) {
                return false;
            }
            return align();
        }

        @Override
        public boolean seek(byte[] id) {
            if (!started) {
                started = true;
                for (IdStream child : children) {
                    if (!child.seek(id)) {
                        return false;
                    }
                }
            } else if (!children.get(0).seek(id)) {
                return false;
            }
            return align();
        }

        private boolean align() {
            while (true) {
                byte[] furthest = children.get(0).id();
                for (IdStream child : children) {
                    if (compare(child.id(), furthest, reverse) > 0) {
                        furthest = child.id();
                    }
                }
                boolean aligned = true;
                for (IdStream child : children) {
                    if (KeyCodec.compare(child.id(), furthest) != 0) {
                        if (!child.seek(furthest)) {
                            return false;
                        }
                        if (KeyCodec.compare(child.id(), furthest) != 0) {
                            aligned = false;
                        }
                    }
                }
                if (aligned) {
                    return true;
                }
            }
        }

        @Override
        public byte[] id() {
            return children.get(0).id();
        }

        @Override
        public Object position() {
            return children.get(0).position();
        }
    }
}
