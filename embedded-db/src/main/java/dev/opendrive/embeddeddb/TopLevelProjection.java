package dev.opendrive.embeddeddb;

import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Projections of top-level fields only, done with a shallow copy: the stock projection copies the
 * whole document deeply for an exclusion, which costs more than reading it. Stored documents are
 * never handed out to be changed, so sharing their values is safe.
 */
final class TopLevelProjection {

    private static final String ID = "_id";

    private final Set<String> fields;
    private final boolean exclude;
    private final boolean withId;

    private TopLevelProjection(Set<String> fields, boolean exclude, boolean withId) {
        this.fields = fields;
        this.exclude = exclude;
        this.withId = withId;
    }

    /** The fast projection for this selector, or null when it is more than top-level fields in or out. */
    static TopLevelProjection of(Document selector) {
        if (selector == null || selector.isEmpty()) {
            return null;
        }
        Set<String> included = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        Boolean id = null;
        for (Map.Entry<String, Object> e : selector.entrySet()) {
            String key = e.getKey();
            if (key.contains(".") || key.startsWith("$")) {
                return null;
            }
            Boolean on = flag(e.getValue());
            if (on == null) {
                return null;
            }
            if (key.equals(ID)) {
                id = on;
            } else if (on) {
                included.add(key);
            } else {
                excluded.add(key);
            }
        }
        if (!included.isEmpty() && !excluded.isEmpty()) {
            return null;
        }
        if (!included.isEmpty()) {
            return new TopLevelProjection(included, false, id == null || id);
        }
        if (Boolean.FALSE.equals(id)) {
            excluded.add(ID);
        }
        if (excluded.isEmpty()) {
            // only {_id: 1}: the _id alone
            return new TopLevelProjection(Set.of(), false, true);
        }
        return new TopLevelProjection(excluded, true, !excluded.contains(ID));
    }

    private static Boolean flag(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        return null;
    }

    Document apply(Document document) {
        if (document == null) {
            return null;
        }
        Document out = new Document();
        if (exclude) {
            for (Map.Entry<String, Object> e : document.entrySet()) {
                if (!fields.contains(e.getKey())) {
                    out.put(e.getKey(), e.getValue());
                }
            }
            return out;
        }
        // as the stock projection: _id, then the fields in the selector's order
        if (withId && document.containsKey(ID)) {
            out.put(ID, document.get(ID));
        }
        for (String field : fields) {
            if (document.containsKey(field)) {
                out.put(field, document.get(field));
            }
        }
        return out;
    }
}
