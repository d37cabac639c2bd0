package dev.opendrive.embeddeddb;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import dev.opendrive.embeddeddb.IdStreams.IdStream;
import dev.opendrive.embeddeddb.Predicates.And;
import dev.opendrive.embeddeddb.Predicates.Cond;
import dev.opendrive.embeddeddb.Predicates.Eq;
import dev.opendrive.embeddeddb.Predicates.In;
import dev.opendrive.embeddeddb.Predicates.Leaf;
import dev.opendrive.embeddeddb.Predicates.NotNull;
import dev.opendrive.embeddeddb.Predicates.Or;
import dev.opendrive.embeddeddb.Predicates.Prefix;
import dev.opendrive.embeddeddb.Predicates.Range;

/**
 * Chooses how a query reads a collection: which index ranges yield the candidate documents (the
 * matcher still checks each one), and whether their order already is the order asked for.
 * <p>
 * Candidates for a conjunction: an {@code _id} lookup; a scan of each secondary index, bounded by
 * equalities and {@code $in} on a prefix of its fields then a range, a prefix or {@code $ne: null}
 * on the next one; for each {@code $or}, the union of its arms (each arm planned with the
 * conjunction's other conditions, as MongoDB plans top-level $or arms); and the intersection of
 * the candidates that yield ids in id order. The cheapest by the number of index entries it reads
 * (counted in O(log n) from the B-tree) wins.
 * <p>
 * Result order is always the order a full scan would give: the sort asked for, ties and unsorted
 * results in {@code _id} order. A plan that yields that order streams (and stops at the limit);
 * otherwise its ids are collected and sorted first.
 */
final class QueryPlanner {

    /** Index entries a plan may read before an intersection with another one is worth its seeks. */
    private static final long INTERSECT_FROM = 16;
    private static final int MAX_POINTS = 4096;
    private static final int MAX_ALTERNATIVES = 16;
    /** Distinct values of a prefix expanded into points; each costs a B-tree descent. */
    private static final int MAX_EXPANSION = 512;

    private final List<SecondaryIndex> indexes;

    QueryPlanner(List<SecondaryIndex> indexes) {
        this.indexes = indexes;
    }

    // ---------------------------------------------------------------- candidates

    sealed interface Candidate permits IdLookup, Scan, Union, Intersection {
        long estimate();

        /** The conditions (leaves and disjunctions) the candidate's ids satisfy exactly. */
        Set<Object> covers();

        /** The conditions that bound what the candidate reads (decided exactly or not). */
        default Set<Object> narrows() {
            return covers();
        }

        /** Yields each id once, in id order. */
        boolean idSorted();

        Document explain(boolean reverse);
    }

    /** Ids given by the query ({@code _id} equality or {@code $in}), ascending and distinct. */
    record IdLookup(List<byte[]> ids, List<Object> positions, Set<Object> covers) implements Candidate {
        @Override
        public long estimate() {
            return ids.size();
        }

        @Override
        public boolean idSorted() {
            return true;
        }

        @Override
        public Document explain(boolean reverse) {
            return new Document("stage", "IDHACK").append("keysExamined", ids.size());
        }
    }

    /**
     * A scan's bounds as explain shows them ("ownerId=...; createdAt < ..."), written out only when a
     * plan is explained: every query plans several candidate scans, and writing their values out
     * (an ObjectId's text is a String.format per byte) was ~4 % of a file download's CPU.
     */
    static final class Bounds {
        private final List<Object> parts = new ArrayList<>();

        void add(Object... more) {
            java.util.Collections.addAll(parts, more);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (Object part : parts) {
                text.append(part instanceof Supplier<?> later ? later.get() : part);
            }
            return text.toString().strip();
        }
    }

    /** Ranges [start, end) of one index (null ends are open); points when every field is fixed. */
    record Scan(SecondaryIndex index, List<byte[][]> ranges, boolean points, long estimate, Bounds bounds,
            Set<Object> covers, Set<Object> narrows) implements Candidate {
        @Override
        public boolean idSorted() {
            return points;
        }

        @Override
        public Document explain(boolean reverse) {
            Document keyPattern = new Document();
            for (IndexKey k : index.getKeys()) {
                keyPattern.append(k.getKey(), k.isAscending() ? 1 : -1);
            }
            return new Document("stage", "IXSCAN").append("indexName", index.getName())
                    .append("keyPattern", keyPattern).append("isMultiKey", index.isMultikey())
                    .append("direction", reverse ? "backward" : "forward").append("indexBounds", bounds.toString())
                    .append("keysEstimate", estimate);
        }
    }

    record Union(List<Candidate> arms, long estimate, Set<Object> covers) implements Candidate {
        @Override
        public Set<Object> narrows() {
            Set<Object> all = new HashSet<>(covers);
            arms.forEach(a -> all.addAll(a.narrows()));
            return all;
        }

        @Override
        public boolean idSorted() {
            return arms.stream().allMatch(Candidate::idSorted);
        }

        @Override
        public Document explain(boolean reverse) {
            List<Document> stages = arms.stream().map(a -> a.explain(reverse)).toList();
            return new Document("stage", idSorted() ? "SORT_MERGE" : "OR").append("inputStages", stages);
        }
    }

    record Intersection(List<Candidate> parts, long estimate, Set<Object> covers) implements Candidate {
        @Override
        public Set<Object> narrows() {
            Set<Object> all = new HashSet<>(covers);
            parts.forEach(p -> all.addAll(p.narrows()));
            return all;
        }

        @Override
        public boolean idSorted() {
            return true;
        }

        @Override
        public Document explain(boolean reverse) {
            return new Document("stage", "AND_SORTED").append("inputStages",
                    parts.stream().map(p -> p.explain(reverse)).toList());
        }
    }

    /** An index scan whose key order is the requested sort order (ties broken by id). */
    record SortScan(SecondaryIndex index, List<byte[][]> ranges, boolean reverse, int tieFields,
            boolean tiesDescending, long estimate, Bounds bounds) {
    }

    // ---------------------------------------------------------------- plans

    /**
     * How a query runs: the positions to fetch, in order, or null for the stock path (a full scan,
     * or a unique index the stock code handles).
     */
    static final class Plan {
        private final Candidate filter;
        private final SortScan sortScan;
        private final boolean reverse;
        private final boolean sortInMemory;
        private final Document orderBy;
        private boolean covered;

        private Plan(Candidate filter, SortScan sortScan, boolean reverse, boolean sortInMemory, Document orderBy) {
            this.filter = filter;
            this.sortScan = sortScan;
            this.reverse = reverse;
            this.sortInMemory = sortInMemory;
            this.orderBy = orderBy;
        }

        /** The ids alone answer the query: no document needs reading to know it matches. */
        boolean covered() {
            return covered;
        }

        /** The documents still need sorting by {@code orderBy} (ties by id) after fetching. */
        boolean sortInMemory() {
            return sortInMemory;
        }

        Document orderBy() {
            return orderBy;
        }

        Iterator<Object> positions() {
            if (sortScan != null) {
                return sortScanPositions(sortScan);
            }
            if (filter.idSorted()) {
                IdStream ids = stream(filter, reverse);
                return new Iterator<>() {
                    private Boolean ready;

                    @Override
                    public boolean hasNext() {
                        if (ready == null) {
                            ready = ids.advance();
                        }
                        return ready;
                    }

                    @Override
                    public Object next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        ready = null;
                        return ids.position();
                    }
                };
            }
            // ids from ranges come in key order: collect, then put them in id order
            TreeMap<byte[], Object> sorted = new TreeMap<>(reverse ? KeyCodec::compareReversed : KeyCodec::compare);
            collect(filter, sorted);
            return sorted.values().iterator();
        }

        Document explain() {
            Document input;
            if (sortScan != null) {
                Scan scan = new Scan(sortScan.index(), sortScan.ranges(), false, sortScan.estimate(), sortScan.bounds(),
                        Set.of(), Set.of());
                input = scan.explain(sortScan.reverse());
            } else {
                input = filter.explain(reverse);
            }
            Document fetch = new Document("stage", "FETCH").append("inputStage", input);
            if (sortInMemory) {
                return new Document("stage", "SORT").append("sortPattern", orderBy).append("inputStage", fetch);
            }
            return fetch;
        }

        /** The names of the indexes the plan reads. */
        Set<String> indexNames() {
            Set<String> names = new java.util.TreeSet<>();
            if (sortScan != null) {
                names.add(sortScan.index().getName());
            } else {
                names(filter, names);
            }
            return names;
        }

        private static void names(Candidate c, Set<String> out) {
            if (c instanceof IdLookup) {
                out.add("_id_");
            } else if (c instanceof Scan s) {
                out.add(s.index().getName());
            } else if (c instanceof Union u) {
                u.arms().forEach(a -> names(a, out));
            } else if (c instanceof Intersection i) {
                i.parts().forEach(p -> names(p, out));
            }
        }
    }

    static IdStream stream(Candidate c, boolean reverse) {
        if (c instanceof IdLookup l) {
            return new IdStreams.Listed(l.ids(), l.positions(), reverse);
        } else if (c instanceof Scan s) {
            if (s.ranges().size() == 1) {
                return new IdStreams.Point(s.index(), s.ranges().get(0)[0], reverse);
            }
            List<IdStream> points = new ArrayList<>();
            for (byte[][] range : s.ranges()) {
                points.add(new IdStreams.Point(s.index(), range[0], reverse));
            }
            return new IdStreams.Union(points, reverse);
        } else if (c instanceof Union u) {
            return new IdStreams.Union(u.arms().stream().map(a -> stream(a, reverse)).toList(), reverse);
        }
        Intersection i = (Intersection) c;
        return new IdStreams.Intersection(i.parts().stream().map(p -> stream(p, reverse)).toList(), reverse);
    }

    /** Every id of a candidate that is not in id order, keyed by its encoding (distinct). */
    static void collect(Candidate c, Map<byte[], Object> out) {
        if (c.idSorted()) {
            IdStream ids = stream(c, false);
            while (ids.advance()) {
                out.putIfAbsent(ids.id(), ids.position());
            }
            return;
        }
        if (c instanceof Scan s) {
            for (byte[][] range : s.ranges()) {
                Iterator<Map.Entry<byte[], Object>> entries = s.index().scan(range[0], range[1], false);
                while (entries.hasNext()) {
                    Map.Entry<byte[], Object> e = entries.next();
                    byte[] key = e.getKey();
                    int at = s.index().idOffset(key);
                    out.putIfAbsent(java.util.Arrays.copyOfRange(key, at, key.length),
                            s.index().position(key, e.getValue()));
                }
            }
        } else if (c instanceof Union u) {
            u.arms().forEach(a -> collect(a, out));
        } else {
            throw new IllegalStateException("not reached: " + c);
        }
    }

    private static Iterator<Object> sortScanPositions(SortScan scan) {
        SecondaryIndex index = scan.index();
        List<byte[][]> ranges = new ArrayList<>(scan.ranges());
        if (scan.reverse()) {
            java.util.Collections.reverse(ranges);
        }
        Iterator<byte[][]> rangeIterator = ranges.iterator();
        return new Iterator<>() {
            private Iterator<Map.Entry<byte[], Object>> entries = java.util.Collections.emptyIterator();
            private Map.Entry<byte[], Object> pending;
            private final java.util.ArrayDeque<Object> group = new java.util.ArrayDeque<>();

            private Map.Entry<byte[], Object> nextEntry() {
                if (pending != null) {
                    Map.Entry<byte[], Object> e = pending;
                    pending = null;
                    return e;
                }
                while (!entries.hasNext()) {
                    if (!rangeIterator.hasNext()) {
                        return null;
                    }
                    byte[][] range = rangeIterator.next();
                    entries = index.scan(range[0], range[1], scan.reverse());
                }
                return entries.next();
            }

            private int tieEnd(byte[] key) {
                int offset = 0;
                for (int i = 0; i < scan.tieFields(); i++) {
                    offset += KeyCodec.length(key, offset, index.descending(i));
                }
                return offset;
            }

            /** Entries whose sort keys are equal come out in id order, as after a stable sort. */
            private void fill() {
                Map.Entry<byte[], Object> first = nextEntry();
                if (first == null) {
                    return;
                }
                byte[] firstKey = first.getKey();
                int end = tieEnd(firstKey);
                List<Map.Entry<byte[], Object>> ties = new ArrayList<>();
                ties.add(first);
                while (true) {
                    Map.Entry<byte[], Object> e = nextEntry();
                    if (e == null) {
                        break;
                    }
                    byte[] key = e.getKey();
                    if (tieEnd(key) != end || java.util.Arrays.compareUnsigned(key, 0, end, firstKey, 0, end) != 0) {
                        pending = e;
                        break;
                    }
                    ties.add(e);
                }
                if (ties.size() > 1) {
                    Comparator<Map.Entry<byte[], Object>> byId = Comparator.comparing(
                            e -> java.util.Arrays.copyOfRange(e.getKey(), index.idOffset(e.getKey()), e.getKey().length),
                            KeyCodec::compare);
                    ties.sort(scan.tiesDescending() ? byId.reversed() : byId);
                }
                for (Map.Entry<byte[], Object> e : ties) {
                    group.add(index.position(e.getKey(), e.getValue()));
                }
            }

            @Override
            public boolean hasNext() {
                if (group.isEmpty()) {
                    fill();
                }
                return !group.isEmpty();
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return group.poll();
            }
        };
    }

    // ---------------------------------------------------------------- planning

    /**
     * The plan for a query, or null when no index helps (the caller scans the collection).
     *
     * @param orderBy the sort (null or empty: natural order)
     * @param wanted skip + limit, or 0 for all
     */
    Plan plan(Document query, Document orderBy, int wanted) {
        And root = Predicates.parse(query == null ? new Document() : query);
        Candidate filter = planAnd(root);
        List<Map.Entry<String, Integer>> sort = sortKeys(orderBy);
        if (sort == null) {
            return null; // $natural or an unknown sort spec: the stock path
        }
        if (sort.isEmpty() || sort.size() == 1 && sort.get(0).getKey().equals(SecondaryIndex.ID)) {
            if (filter == null) {
                return null;
            }
            boolean reverse = !sort.isEmpty() && sort.get(0).getValue() < 0;
            Plan plan = new Plan(filter, null, reverse, false, null);
            plan.covered = filter.covers().containsAll(root.leaves()) && filter.covers().containsAll(root.ors())
                    && !Predicates.hasOpaqueParts(query == null ? new Document() : query);
            return plan;
        }
        SortScan sortScan = bestSortScan(root, sort);
        if (sortScan == null) {
            return filter == null ? null : new Plan(filter, null, false, true, orderBy);
        }
        if (filter == null) {
            return new Plan(null, sortScan, sortScan.reverse(), false, orderBy);
        }
        double fetchCost = 1.0;
        double sortedCost;
        double inMemoryCost = filter.estimate() * (fetchCost + 0.2);
        if (wanted > 0) {
            double density = Math.max(1.0, filter.estimate()) / Math.max(1.0, sortScan.estimate());
            sortedCost = Math.min(sortScan.estimate(), wanted / Math.min(1.0, density)) * fetchCost;
        } else {
            sortedCost = sortScan.estimate() * fetchCost;
        }
        if (sortedCost <= inMemoryCost) {
            return new Plan(null, sortScan, sortScan.reverse(), false, orderBy);
        }
        return new Plan(filter, null, false, true, orderBy);
    }

    /** Sort keys in order, or null for a sort this planner leaves to the stock code. */
    private static List<Map.Entry<String, Integer>> sortKeys(Document orderBy) {
        List<Map.Entry<String, Integer>> keys = new ArrayList<>();
        if (orderBy == null) {
            return keys;
        }
        for (Map.Entry<String, Object> e : orderBy.entrySet()) {
            if (e.getKey().startsWith("$") || !(e.getValue() instanceof Number n)) {
                return null;
            }
            keys.add(Map.entry(e.getKey(), n.intValue() < 0 ? -1 : 1));
        }
        return keys;
    }

    private Candidate planAnd(And and) {
        List<Candidate> candidates = new ArrayList<>();
        IdLookup byId = idLookup(and.leaves());
        if (byId != null) {
            candidates.add(byId);
        }
        for (SecondaryIndex index : indexes) {
            candidates.addAll(scans(index, and.leaves()));
        }
        for (Or or : and.ors()) {
            if (!or.plannable()) {
                continue;
            }
            List<Candidate> arms = new ArrayList<>();
            long total = 0;
            Set<Object> covers = null;
            boolean coversOr = true;
            for (And arm : or.arms()) {
                Candidate c = planAnd(arm.with(and.leaves()));
                if (c == null) {
                    arms = null;
                    break;
                }
                arms.add(c);
                total += c.estimate();
                coversOr &= c.covers().containsAll(arm.leaves()) && c.covers().containsAll(arm.ors());
                // of the conjunction's own conditions, the union covers what every arm covers
                Set<Object> mine = new HashSet<>(c.covers());
                mine.retainAll(and.leaves());
                if (covers == null) {
                    covers = mine;
                } else {
                    covers.retainAll(mine);
                }
            }
            if (arms != null) {
                if (coversOr) {
                    covers.add(or);
                }
                candidates.add(new Union(arms, total, covers));
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        candidates.sort(Comparator.comparingLong(Candidate::estimate));
        Candidate best = candidates.get(0);
        if (best.estimate() < INTERSECT_FROM) {
            return best;
        }
        // intersect the cheapest id-ordered candidates, each one only if it decides a condition the
        // others do not (a scan of all the owner's entries next to a word's adds seeks, not answers)
        List<Candidate> parts = new ArrayList<>();
        Set<Object> covers = new HashSet<>();
        Set<Object> narrowed = new HashSet<>();
        for (Candidate c : candidates) {
            if (parts.size() == 4) {
                break;
            }
            if (c.idSorted() && (parts.isEmpty() || !narrowed.containsAll(c.narrows()))) {
                parts.add(c);
                covers.addAll(c.covers());
                narrowed.addAll(c.narrows());
            }
        }
        if (parts.size() >= 2 && parts.get(0).estimate() <= best.estimate() * 4) {
            return new Intersection(parts, parts.get(0).estimate(), covers);
        }
        return best;
    }

    private static IdLookup idLookup(List<Leaf> leaves) {
        for (Leaf leaf : leaves) {
            if (!leaf.path().equals(SecondaryIndex.ID)) {
                continue;
            }
            List<Object> values;
            if (leaf.cond() instanceof Eq eq && eq.value() != null) {
                values = java.util.Collections.singletonList(eq.value());
            } else if (leaf.cond() instanceof In in && in.values().stream().allMatch(v -> v != null)) {
                values = in.values();
            } else {
                continue;
            }
            TreeMap<byte[], Object> sorted = new TreeMap<>(KeyCodec::compare);
            for (Object v : values) {
                if (KeyCodec.decodable(v)) {
                    sorted.putIfAbsent(KeyCodec.encode(v), v);
                } else {
                    return null; // ids of other types: the stock unique index
                }
            }
            return new IdLookup(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()), Set.of(leaf));
        }
        return null;
    }

    /** Conditions on one field, most selective kind first. */
    private static List<Cond> conditions(List<Leaf> leaves, String field) {
        return on(leaves, field).stream().map(Leaf::cond).toList();
    }

    private static List<Leaf> on(List<Leaf> leaves, String field) {
        List<Leaf> on = new ArrayList<>();
        for (Leaf leaf : leaves) {
            if (leaf.path().equals(field)) {
                on.add(leaf);
            }
        }
        on.sort(Comparator.comparingInt(l -> rank(l.cond())));
        return on;
    }

    private static int rank(Cond c) {
        if (c instanceof Eq) {
            return 0;
        } else if (c instanceof In) {
            return 1;
        } else if (c instanceof Prefix) {
            return 2;
        } else if (c instanceof Range) {
            return 3;
        }
        return 4;
    }

    /** The scans of an index the leaves bound; several when a multikey field has several equalities. */
    List<Scan> scans(SecondaryIndex index, List<Leaf> leaves) {
        String[] fields = index.fields();
        List<Cond> first = conditions(leaves, fields[0]);
        if (first.isEmpty()) {
            return List.of();
        }
        // a multikey field with several equalities ($all, or one term per word) gives one scan each,
        // to be intersected; otherwise the most selective condition of each field bounds the scan
        int alternativesField = -1;
        List<Leaf> alternatives = null;
        for (int i = 0; i < fields.length; i++) {
            List<Cond> conds = conditions(leaves, fields[i]);
            // a word and a word prefix on one token field ("report acme"): a scan each, so the
            // intersection decides both from the index instead of reading the documents of one
            long terms = conds.stream().filter(QueryPlanner::term).count();
            if (index.isMultikey() && terms > 1) {
                alternativesField = i;
                alternatives = on(leaves, fields[i]).stream().filter(l -> term(l.cond())).limit(MAX_ALTERNATIVES)
                        .toList();
                break;
            }
            if (conds.isEmpty() || !(conds.get(0) instanceof Eq || conds.get(0) instanceof In)) {
                break;
            }
        }
        List<Scan> scans = new ArrayList<>();
        if (alternatives == null) {
            Scan scan = scan(index, leaves, -1, null);
            if (scan != null) {
                scans.add(scan);
            }
        } else {
            for (Leaf alternative : alternatives) {
                Scan scan = scan(index, leaves, alternativesField, alternative);
                if (scan != null) {
                    scans.add(scan);
                }
            }
        }
        return scans;
    }

    /** One value, or one literal prefix, of a multikey field: something an intersection can combine. */
    private static boolean term(Cond cond) {
        return cond instanceof Eq || cond instanceof Prefix p && p.exact();
    }

    private Scan scan(SecondaryIndex index, List<Leaf> leaves, int fixedField, Leaf fixed) {
        String[] fields = index.fields();
        List<byte[]> prefixes = new ArrayList<>();
        prefixes.add(new byte[0]);
        Bounds bounds = new Bounds();
        Set<Object> covers = new HashSet<>();
        Set<Object> narrows = new HashSet<>();
        int bound = 0;
        Cond last = null;
        for (int i = 0; i < fields.length; i++) {
            Leaf leaf;
            if (i == fixedField) {
                leaf = fixed;
            } else {
                List<Leaf> on = on(leaves, fields[i]);
                leaf = on.isEmpty() ? null : on.get(0);
            }
            if (leaf == null) {
                break;
            }
            Cond cond = leaf.cond();
            narrows.add(leaf);
            if (Predicates.exact(cond) && !(cond instanceof In && (long) prefixes.size() * ((In) cond).values().size() > MAX_POINTS)) {
                covers.add(leaf);
            }
            if (cond instanceof Eq eq) {
                prefixes = extend(prefixes, java.util.Collections.singletonList(eq.value()), index.descending(i));
                bounds.add(fields[i], "=", eq.value(), "; ");
                bound++;
            } else if (cond instanceof In in) {
                if ((long) prefixes.size() * in.values().size() > MAX_POINTS) {
                    break;
                }
                prefixes = extend(prefixes, in.values(), index.descending(i));
                bounds.add(fields[i], " in ", in.values().size(), " values; ");
                bound++;
            } else {
                last = cond;
                bounds.add(fields[i], " ", (Supplier<String>) () -> describe(cond));
                break;
            }
        }
        if (bound == 0 && last == null) {
            return null;
        }
        List<byte[][]> ranges = new ArrayList<>();
        boolean descending = bound < fields.length && index.descending(bound);
        for (byte[] prefix : prefixes) {
            if (last == null) {
                ranges.add(new byte[][] {prefix, KeyCodec.successor(prefix)});
            } else {
                ranges.addAll(ranges(prefix, last, descending));
            }
        }
        boolean points = last == null && bound == fields.length;
        if (last instanceof Prefix && bound == fields.length - 1) {
            // a prefix of the last field: its few distinct values make id-ordered points (a word's
            // prefix over a token index), which stream newest first and intersect with other words
            List<byte[][]> distinct = distinctPoints(index, ranges);
            if (distinct != null) {
                ranges = distinct;
                points = true;
            }
        }
        long estimate = 0;
        for (byte[][] range : ranges) {
            estimate += index.count(range[0], range[1]);
        }
        return new Scan(index, ranges, points, estimate, bounds, covers, narrows);
    }

    /** The distinct key tuples in the ranges as point ranges, or null when there are more than a few. */
    private static List<byte[][]> distinctPoints(SecondaryIndex index, List<byte[][]> ranges) {
        List<byte[][]> points = new ArrayList<>();
        for (byte[][] range : ranges) {
            byte[] key = index.ceiling(range[0]);
            while (key != null && (range[1] == null || KeyCodec.compare(key, range[1]) < 0)) {
                if (points.size() == MAX_EXPANSION) {
                    return null;
                }
                byte[] tuple = java.util.Arrays.copyOf(key, index.idOffset(key));
                byte[] next = KeyCodec.successor(tuple);
                points.add(new byte[][] {tuple, next});
                key = next == null ? null : index.ceiling(next);
            }
        }
        return points;
    }

    private static String describe(Cond cond) {
        if (cond instanceof Prefix p) {
            return "prefix " + p.prefix();
        } else if (cond instanceof Range r) {
            return "range " + (r.lowInclusive() ? "[" : "(") + r.low() + ", " + r.high()
                    + (r.highInclusive() ? "]" : ")");
        } else if (cond instanceof NotNull) {
            return "not null";
        }
        return cond.toString();
    }

    private static List<byte[]> extend(List<byte[]> prefixes, List<Object> values, boolean descending) {
        // distinct encodings, in key order, so the ranges come out sorted
        TreeMap<byte[], Boolean> encoded = new TreeMap<>(KeyCodec::compare);
        for (Object v : values) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16);
            KeyCodec.encode(v, descending, out);
            encoded.put(out.toByteArray(), Boolean.TRUE);
        }
        List<byte[]> out = new ArrayList<>(prefixes.size() * encoded.size());
        for (byte[] prefix : prefixes) {
            for (byte[] value : encoded.keySet()) {
                out.add(KeyCodec.concat(prefix, value));
            }
        }
        return out;
    }

    /** Ranges of keys that start with {@code prefix} and whose next field satisfies the condition. */
    private static List<byte[][]> ranges(byte[] prefix, Cond cond, boolean descending) {
        byte[] open = KeyCodec.successor(prefix);
        if (cond instanceof Prefix p) {
            byte[] start = KeyCodec.concat(prefix, maybeInvert(KeyCodec.stringPrefix(p.prefix()), descending));
            return List.<byte[][]>of(new byte[][] {start, KeyCodec.successor(start)});
        }
        if (cond instanceof NotNull) {
            byte[] nullKey = KeyCodec.concat(prefix, maybeInvert(new byte[] {(byte) KeyCodec.NULL}, descending));
            return List.of(new byte[][] {prefix, nullKey}, new byte[][] {KeyCodec.successor(nullKey), open});
        }
        if (cond instanceof Range r) {
            {
                Object lowValue = descending ? r.high() : r.low();
                boolean lowInclusive = descending ? r.highInclusive() : r.lowInclusive();
                Object highValue = descending ? r.low() : r.high();
                boolean highInclusive = descending ? r.lowInclusive() : r.highInclusive();
                byte[] start = prefix;
                if (lowValue != Predicates.OPEN) {
                    byte[] key = KeyCodec.concat(prefix, maybeInvert(KeyCodec.encode(lowValue), descending));
                    start = lowInclusive ? key : KeyCodec.successor(key);
                }
                byte[] end = open;
                if (highValue != Predicates.OPEN) {
                    byte[] key = KeyCodec.concat(prefix, maybeInvert(KeyCodec.encode(highValue), descending));
                    end = highInclusive ? KeyCodec.successor(key) : key;
                }
                if (end != null && KeyCodec.compare(start, end) >= 0) {
                    return List.of();
                }
                return List.<byte[][]>of(new byte[][] {start, end});
            }
        }
        throw new IllegalArgumentException(String.valueOf(cond));
    }

    private static byte[] maybeInvert(byte[] bytes, boolean invert) {
        if (!invert) {
            return bytes;
        }
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) ~bytes[i];
        }
        return out;
    }

    /** The cheapest index scan whose order is the sort, or null. */
    private SortScan bestSortScan(And root, List<Map.Entry<String, Integer>> sort) {
        List<Map.Entry<String, Integer>> fieldsSort = new ArrayList<>(sort);
        boolean tiesDescending = false;
        Map.Entry<String, Integer> lastKey = fieldsSort.get(fieldsSort.size() - 1);
        if (lastKey.getKey().equals(SecondaryIndex.ID)) {
            tiesDescending = lastKey.getValue() < 0;
            fieldsSort.remove(fieldsSort.size() - 1);
        }
        if (fieldsSort.stream().anyMatch(e -> e.getKey().equals(SecondaryIndex.ID))) {
            return null;
        }
        SortScan best = null;
        for (SecondaryIndex index : indexes) {
            SortScan scan = sortScan(index, root.leaves(), fieldsSort, tiesDescending);
            if (scan != null && (best == null || scan.estimate() < best.estimate())) {
                best = scan;
            }
        }
        return best;
    }

    private SortScan sortScan(SecondaryIndex index, List<Leaf> leaves, List<Map.Entry<String, Integer>> sort,
            boolean tiesDescending) {
        if (index.isMultikey() || index.hasOpaqueValues()) {
            return null;
        }
        String[] fields = index.fields();
        int m = sort.size();
        for (int j = 0; j + m <= fields.length; j++) {
            boolean matches = true;
            Boolean reverse = null;
            for (int k = 0; k < m && matches; k++) {
                if (!fields[j + k].equals(sort.get(k).getKey())) {
                    matches = false;
                    break;
                }
                boolean forward = (sort.get(k).getValue() < 0) == index.descending(j + k);
                if (reverse == null) {
                    reverse = !forward;
                } else if (reverse == forward) {
                    matches = false;
                }
            }
            if (!matches) {
                continue;
            }
            List<byte[]> prefixes = new ArrayList<>();
            prefixes.add(new byte[0]);
            Bounds bounds = new Bounds();
            boolean fixed = true;
            for (int t = 0; t < j; t++) {
                List<Cond> conds = conditions(leaves, fields[t]);
                if (conds.isEmpty() || !(conds.get(0) instanceof Eq eq)) {
                    fixed = false;
                    break;
                }
                prefixes = extend(prefixes, java.util.Collections.singletonList(eq.value()), index.descending(t));
                bounds.add(fields[t], "=", eq.value(), "; ");
            }
            if (!fixed) {
                continue;
            }
            byte[] prefix = prefixes.get(0);
            List<Cond> sortFieldConds = conditions(leaves, fields[j]);
            List<byte[][]> ranges = new ArrayList<>();
            if (sortFieldConds.isEmpty()) {
                ranges.add(new byte[][] {prefix, KeyCodec.successor(prefix)});
            } else {
                Cond cond = sortFieldConds.get(0);
                bounds.add(fields[j], " ", (Supplier<String>) () -> describe(cond));
                if (cond instanceof Eq eq) {
                    for (byte[] p : extend(List.of(prefix), java.util.Collections.singletonList(eq.value()), index.descending(j))) {
                        ranges.add(new byte[][] {p, KeyCodec.successor(p)});
                    }
                } else if (cond instanceof In in) {
                    for (byte[] p : extend(List.of(prefix), in.values(), index.descending(j))) {
                        ranges.add(new byte[][] {p, KeyCodec.successor(p)});
                    }
                } else {
                    ranges.addAll(ranges(prefix, cond, index.descending(j)));
                }
            }
            long estimate = 0;
            for (byte[][] range : ranges) {
                estimate += index.count(range[0], range[1]);
            }
            return new SortScan(index, ranges, reverse, j + m, tiesDescending, estimate, bounds);
        }
        return null;
    }
}
