package dev.opendrive.embeddeddb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The part of a query filter an index can serve, as a tree of conjunctions and disjunctions of
 * single-field conditions. Parsing only ever drops conditions, never invents them: whatever is not
 * understood is left to the query matcher, which checks every document an index scan yields.
 * So a plan built from these predicates finds a superset of the matching documents.
 */
final class Predicates {

    private Predicates() {
    }

    sealed interface Cond permits Eq, In, Range, Prefix, NotNull {
    }

    /**
     * Equality: a point in the index (null also matches a missing field). {@code matcherAgrees} is
     * false where the engine's matcher is stricter than the index ($all on a field that holds a
     * single value), so the document must still be checked.
     */
    record Eq(Object value, boolean matcherAgrees) implements Cond {
        Eq(Object value) {
            this(value, true);
        }
    }

    record In(List<Object> values) implements Cond {
    }

    /** A range; {@link #OPEN} marks an unbounded end. Not bracketed by type: a superset is fine. */
    record Range(Object low, boolean lowInclusive, Object high, boolean highInclusive) implements Cond {
    }

    /**
     * An anchored, case-sensitive regular expression's literal start; {@code exact} when the
     * expression is nothing but that literal (then the index alone decides the match).
     */
    record Prefix(String prefix, boolean exact) implements Cond {
    }

    /** {@code $ne: null}: every key but null. */
    record NotNull() implements Cond {
    }

    static final Object OPEN = new Object() {
        @Override
        public String toString() {
            return "OPEN";
        }
    };

    record Leaf(String path, Cond cond) {
    }

    /** A conjunction: field conditions and disjunctions that all hold. */
    record And(List<Leaf> leaves, List<Or> ors) {
        And with(List<Leaf> more) {
            List<Leaf> all = new ArrayList<>(more);
            all.addAll(leaves);
            return new And(all, ors);
        }
    }

    /** A disjunction; {@code plannable} is false when an arm holds something no index can serve. */
    record Or(List<And> arms, boolean plannable) {
    }

    static And parse(Document query) {
        List<Leaf> leaves = new ArrayList<>();
        List<Or> ors = new ArrayList<>();
        boolean[] opaque = new boolean[1];
        collect(query, leaves, ors, opaque);
        return new And(leaves, ors);
    }

    /** Whether the filter has a part that is not a field condition or $and/$or ($nor, $expr, ...). */
    static boolean hasOpaqueParts(Document query) {
        boolean[] opaque = new boolean[1];
        collect(query, new ArrayList<>(), new ArrayList<>(), opaque);
        return opaque[0];
    }

    @SuppressWarnings("unchecked")
    private static void collect(Document query, List<Leaf> leaves, List<Or> ors, boolean[] opaque) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key.equals("$and") && value instanceof Collection<?> list) {
                for (Object sub : list) {
                    if (sub instanceof Document d) {
                        collect(d, leaves, ors, opaque);
                    }
                }
            } else if (key.equals("$or") && value instanceof Collection<?> list) {
                List<And> arms = new ArrayList<>();
                boolean plannable = !list.isEmpty();
                for (Object sub : list) {
                    if (sub instanceof Document d) {
                        boolean[] armOpaque = new boolean[1];
                        List<Leaf> armLeaves = new ArrayList<>();
                        List<Or> armOrs = new ArrayList<>();
                        collect(d, armLeaves, armOrs, armOpaque);
                        arms.add(new And(armLeaves, armOrs));
                        opaque[0] |= armOpaque[0];
                    } else {
                        plannable = false;
                    }
                }
                if (arms.size() == 1) {
                    leaves.addAll(arms.get(0).leaves());
                    ors.addAll(arms.get(0).ors());
                } else {
                    ors.add(new Or(arms, plannable));
                }
            } else if (key.startsWith("$")) {
                opaque[0] = true;
            } else {
                field(key, value, leaves);
            }
        }
    }

    private static void field(String path, Object value, List<Leaf> leaves) {
        if (BsonRegularExpression.isRegularExpression(value)) {
            BsonRegularExpression regex = BsonRegularExpression.convertToRegularExpression(value);
            String prefix = literalPrefix(regex.getPattern(), regex.getOptions());
            if (prefix != null) {
                boolean exact = (regex.getOptions() == null || regex.getOptions().isEmpty())
                        && regex.getPattern().equals("^" + quoteLiteral(prefix));
                leaves.add(new Leaf(path, new Prefix(prefix, exact)));
            }
            if (!(value instanceof Document)) {
                return;
            }
        }
        if (value instanceof Document d && isOperatorDocument(d)) {
            Object low = OPEN;
            boolean lowInclusive = false;
            Object high = OPEN;
            boolean highInclusive = false;
            for (Map.Entry<String, Object> op : d.entrySet()) {
                Object v = op.getValue();
                switch (op.getKey()) {
                    case "$eq" -> {
                        if (scalar(v)) {
                            leaves.add(new Leaf(path, new Eq(v)));
                        }
                    }
                    case "$in" -> {
                        if (v instanceof Collection<?> c && c.stream().allMatch(Predicates::scalar)) {
                            leaves.add(new Leaf(path, new In(new ArrayList<>(c))));
                        }
                    }
                    case "$all" -> {
                        if (v instanceof Collection<?> c && !c.isEmpty() && c.stream().allMatch(Predicates::scalar)) {
                            c.forEach(element -> leaves.add(new Leaf(path, new Eq(element, false))));
                        }
                    }
                    case "$gt", "$gte" -> {
                        if (bound(v) && low == OPEN) {
                            low = v;
                            lowInclusive = op.getKey().equals("$gte");
                        }
                    }
                    case "$lt", "$lte" -> {
                        if (bound(v) && high == OPEN) {
                            high = v;
                            highInclusive = op.getKey().equals("$lte");
                        }
                    }
                    case "$ne" -> {
                        if (v == null) {
                            leaves.add(new Leaf(path, new NotNull()));
                        }
                    }
                    default -> {
                        // $exists, $nin, $not, $elemMatch, $size, $type, $options, ...: left to the matcher
                    }
                }
            }
            if (low != OPEN || high != OPEN) {
                leaves.add(new Leaf(path, new Range(low, lowInclusive, high, highInclusive)));
            }
            return;
        }
        if (scalar(value)) {
            leaves.add(new Leaf(path, new Eq(value)));
        }
    }

    private static boolean isOperatorDocument(Document d) {
        return !d.isEmpty() && d.keySet().stream().allMatch(k -> k.startsWith("$"));
    }

    /** Values equality can look up in an index: not documents, arrays or regular expressions. */
    private static boolean scalar(Object v) {
        return !(v instanceof Map) && !(v instanceof Collection) && !BsonRegularExpression.isRegularExpression(v)
                && (v == null || KeyCodec.isExact(v));
    }

    private static boolean bound(Object v) {
        return v != null && scalar(v);
    }

    /** Whether the index decides the condition alone, without the matcher looking at the document. */
    static boolean exact(Cond cond) {
        if (cond instanceof Eq eq) {
            return eq.value() != null && eq.matcherAgrees();
        } else if (cond instanceof In in) {
            return in.values().stream().allMatch(v -> v != null);
        } else if (cond instanceof Prefix p) {
            return p.exact();
        }
        return false;
    }

    /** The pattern {@link #literalPrefix} reads back as {@code text}: punctuation escaped. */
    static String quoteLiteral(String text) {
        StringBuilder out = new StringBuilder(text.length() + 4);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * The literal text an anchored pattern must start with, or null: only for "^literal..." without
     * options that change what ^ or a letter matches, and without alternation.
     */
    static String literalPrefix(String pattern, String options) {
        if (options != null && !options.isEmpty() && !options.chars().allMatch(c -> c == 's')) {
            return null;
        }
        if (pattern == null || !pattern.startsWith("^") || pattern.indexOf('|') >= 0) {
            return null;
        }
        StringBuilder prefix = new StringBuilder();
        int i = 1;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int literalLength;
            char literal;
            if (c == '\\') {
                if (i + 1 >= pattern.length()) {
                    break;
                }
                char escaped = pattern.charAt(i + 1);
                if (Character.isLetterOrDigit(escaped)) {
                    break; // \d, \w, \Q ...: not a literal
                }
                literal = escaped;
                literalLength = 2;
            } else if (".[](){}*+?^$".indexOf(c) >= 0) {
                break;
            } else {
                literal = c;
                literalLength = 1;
            }
            int next = i + literalLength;
            if (next < pattern.length() && "*?{".indexOf(pattern.charAt(next)) >= 0) {
                break; // the literal is optional
            }
            prefix.append(literal);
            i = next;
            if (next < pattern.length() && pattern.charAt(next) == '+') {
                break;
            }
        }
        return prefix.length() == 0 ? null : prefix.toString();
    }
}
