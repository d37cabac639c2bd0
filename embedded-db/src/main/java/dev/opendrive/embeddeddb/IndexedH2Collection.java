package dev.opendrive.embeddeddb;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterators;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * The H2 collection with a query planner in front of the stock one: queries that an index can
 * serve read only the index ranges and the documents they point to; the rest (no usable index, or
 * a unique index the stock code already handles) go the stock way and are reported as what they
 * are.
 */
final class IndexedH2Collection extends H2Collection {

    private static final String ID = "_id";

    private final MVMap<Object, Document> data;
    private final IndexedH2Backend backend;
    private final CursorRegistry cursors;
    /**
     * Set while this thread runs an update. The stock update code (AbstractMongoCollection's
     * private updateDocument) writes the new field values into the very document instance the
     * query handed it and then stores that instance: with the stored instance handed out, a
     * reader that had matched a file in folder A could then encode it with folder B (or half
     * changed), because replies are encoded after the collection's monitor is released. So an
     * update gets private copies to change, the stored instance is replaced, never edited, and
     * every instance a reader holds stays as it was when it matched (ConcurrentReadsTest).
     */
    private static final ThreadLocal<Boolean> UPDATING = new ThreadLocal<>();
    /**
     * Queries share the collection, changes have it to themselves. The stock collection runs every
     * command, queries included, under its monitor, so one slow or descheduled reader held up every
     * other request of that collection: with 32 clients on 2 cores, file downloads waited on the
     * monitor of "files" for tens of milliseconds at a time (JFR, docs/benchmarks.md). Readers read
     * the MVMaps' current versions and match with matchers of their own (see {@link #matching}),
     * and the write lock keeps a change of a document and its index entries from being seen half
     * done. Writes still also take the stock monitor (the overridden methods call the synchronized
     * ones), always after the write lock, so the two cannot deadlock.
     */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors,
            IndexedH2Backend backend) {
        super(database, collectionName, options, data, meta, cursors);
        this.data = data;
        this.backend = backend;
        this.cursors = cursors;
    }

    private QueryPlanner planner() {
        return new QueryPlanner(secondaryIndexes());
    }

    List<SecondaryIndex> secondaryIndexes() {
        List<SecondaryIndex> secondary = new ArrayList<>();
        for (Index<Object> index : getIndexes()) {
            if (index instanceof SecondaryIndex s) {
                secondary.add(s);
            }
        }
        return secondary;
    }

    private static int wanted(int skip, int limit) {
        return limit > 0 ? Math.max(0, skip) + limit : 0;
    }

    @Override
    public Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters, boolean isMulti,
            boolean isUpsert, Oplog oplog) {
        return writing(() -> updating(() -> super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert,
                oplog)));
    }

    @Override
    public Document findAndModify(Document query) {
        return writing(() -> updating(() -> super.findAndModify(query)));
    }

    private static <T> T updating(Supplier<T> update) {
        UPDATING.set(Boolean.TRUE);
        try {
            return update.get();
        } finally {
            UPDATING.remove();
        }
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        QueryResult result = query(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        if (UPDATING.get() == null) {
            return result;
        }
        List<Document> copies = new ArrayList<>();
        for (Document d : result) {
            copies.add(d.cloneDeeply());
        }
        return new QueryResult(copies, result.getCursorId());
    }

    private QueryResult query(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        QueryPlanner.Plan plan = planner().plan(query, orderBy, wanted(numberToSkip, limit));
        if (plan == null) {
            String unique = stockIndex(query);
            QueryResult result = super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            backend.observe(getFullName(), query, orderBy, unique != null ? "IXSCAN" : "COLLSCAN",
                    unique != null ? unique : "", unique != null ? 1 : count(), size(result));
            return result;
        }
        long[] examined = {0};
        QueryResult result = run(plan, query, numberToSkip, limit, batchSize, fieldSelector, examined);
        backend.observe(getFullName(), query, orderBy, plan.sortInMemory() ? "IXSCAN+SORT" : "IXSCAN",
                String.join(",", plan.indexNames()), examined[0], size(result));
        return result;
    }

    private static long size(QueryResult result) {
        return result.collectDocuments().size();
    }

    private QueryResult run(QueryPlanner.Plan plan, Document query, int numberToSkip, int limit, int batchSize,
            Document fieldSelector, long[] examined) {
        Iterator<Object> positions = plan.positions();
        if (plan.covered() && onlyId(fieldSelector)) {
            // the index entries alone answer it: no document is read (MongoDB's covered query)
            Stream<Document> ids = StreamSupport.stream(Spliterators.spliteratorUnknownSize(positions, 0), false)
                    .map(position -> new Document(ID, position));
            return matchDocumentsFromStream(new Document(), ids, numberToSkip, limit, batchSize, null, null);
        }
        Stream<Document> documents = StreamSupport.stream(Spliterators.spliteratorUnknownSize(positions, 0), false)
                .map(position -> {
                    examined[0]++;
                    return data.get(position);
                }).filter(Objects::nonNull);
        TopLevelProjection fast = TopLevelProjection.of(fieldSelector);
        if (plan.sortInMemory()) {
            QueryResult sorted = matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize,
                    deriveComparator(plan.orderBy()), fast != null ? null : fieldSelector);
            return fast == null ? sorted : project(sorted, fast);
        }
        if (batchSize <= 0) {
            if (fast != null) {
                return project(matchDocumentsFromStream(query, documents, numberToSkip, limit, 0, null, null), fast);
            }
            return matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize, null, fieldSelector);
        }
        // a batch now, the rest read from the index as the client asks for it; the rest is matched
        // outside the collection's lock, so with a matcher of its own (the shared one keeps state)
        DefaultQueryMatcher matcher = new DefaultQueryMatcher();
        Stream<Document> matching = documents.filter(d -> matcher.matches(d, query));
        if (numberToSkip > 0) {
            matching = matching.skip(numberToSkip);
        }
        if (limit > 0) {
            matching = matching.limit(limit);
        }
        Iterator<Document> rest = matching.iterator();
        List<Document> first = project(take(rest, batchSize), fieldSelector);
        if (!rest.hasNext()) {
            return new QueryResult(first);
        }
        StreamingCursor cursor = new StreamingCursor(cursors.generateCursorId(), rest, fieldSelector);
        cursors.add(cursor);
        return new QueryResult(first, cursor);
    }

    private static boolean onlyId(Document fieldSelector) {
        if (fieldSelector == null || fieldSelector.size() != 1 || !fieldSelector.containsKey(ID)) {
            return false;
        }
        Object v = fieldSelector.get(ID);
        return Boolean.TRUE.equals(v) || v instanceof Number n && n.intValue() == 1;
    }

    private static List<Document> take(Iterator<Document> it, int n) {
        List<Document> out = new ArrayList<>(Math.min(n, 1024));
        while (out.size() < n && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    private static QueryResult project(QueryResult result, TopLevelProjection projection) {
        List<Document> projected = new ArrayList<>();
        for (Document d : result) {
            projected.add(projection.apply(d));
        }
        return new QueryResult(projected, result.getCursorId());
    }

    private List<Document> project(List<Document> documents, Document fieldSelector) {
        if (fieldSelector == null || fieldSelector.isEmpty() || documents.isEmpty()) {
            return documents;
        }
        TopLevelProjection fast = TopLevelProjection.of(fieldSelector);
        if (fast != null) {
            List<Document> projected = new ArrayList<>(documents.size());
            documents.forEach(d -> projected.add(fast.apply(d)));
            return projected;
        }
        return matchDocumentsFromStream(new Document(), documents.stream(), 0, 0, 0, null, fieldSelector)
                .collectDocuments();
    }

    /** The name of a non-secondary (unique) index the stock code would use, or null. */
    private String stockIndex(Document query) {
        for (Index<Object> index : getIndexes()) {
            if (!(index instanceof SecondaryIndex) && index.canHandle(query == null ? new Document() : query)) {
                return index.getName();
            }
        }
        return null;
    }

    /** The plan a query would run, in the shape of MongoDB's explain "winningPlan". */
    Document explain(Document query, Document orderBy, int skip, int limit) {
        QueryPlanner.Plan plan = planner().plan(query, orderBy, wanted(skip, limit));
        if (plan != null) {
            return plan.explain();
        }
        String unique = stockIndex(query);
        if (unique != null) {
            return new Document("stage", "FETCH").append("inputStage",
                    new Document("stage", "IXSCAN").append("indexName", unique));
        }
        Document scan = new Document("stage", "COLLSCAN").append("direction", "forward");
        if (orderBy != null && !orderBy.isEmpty()) {
            return new Document("stage", "SORT").append("sortPattern", orderBy).append("inputStage", scan);
        }
        return scan;
    }

    /**
     * The documents matching a filter as a lazy stream (for aggregations: never the whole result in
     * memory); {@code counts} receives [documents read, documents matched] as the stream is used.
     * Reading outside the collection's lock is safe: index and data maps are read from snapshots,
     * and each document is matched by a matcher of its own.
     */
    Stream<Document> matching(Document filter, long[] counts) {
        QueryPlanner.Plan plan = planner().plan(filter, null, 0);
        Stream<Document> documents;
        if (plan != null) {
            documents = StreamSupport.stream(Spliterators.spliteratorUnknownSize(plan.positions(), 0), false)
                    .map(data::get);
        } else if (stockIndex(filter) != null) {
            List<Document> found = new ArrayList<>();
            handleQuery(filter).forEach(found::add);
            documents = found.stream();
        } else {
            documents = data.values().stream();
        }
        DefaultQueryMatcher matcher = new DefaultQueryMatcher();
        return documents.filter(Objects::nonNull).peek(d -> counts[0]++).filter(d -> matcher.matches(d, filter))
                .peek(d -> counts[1]++);
    }

    String planName(Document filter) {
        QueryPlanner.Plan plan = planner().plan(filter, null, 0);
        if (plan != null) {
            return plan.sortInMemory() ? "IXSCAN+SORT" : "IXSCAN";
        }
        return stockIndex(filter) != null ? "IXSCAN" : "COLLSCAN";
    }

    String indexNames(Document filter) {
        QueryPlanner.Plan plan = planner().plan(filter, null, 0);
        if (plan != null) {
            return String.join(",", plan.indexNames());
        }
        String unique = stockIndex(filter);
        return unique == null ? "" : unique;
    }

    /** Empties the index and adds every document again. */
    void rebuild(SecondaryIndex index) {
        index.drop();
        data.forEach((position, document) -> index.add(document, position, this));
    }

    /** Disagreements between each secondary index and the documents (0 when consistent). */
    Document verifyIndexes() {
        Document result = new Document();
        for (SecondaryIndex index : secondaryIndexes()) {
            result.put(index.getName(), index.verify(data.values()));
        }
        return result;
    }

    private <T> T reading(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T writing(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void writing(Runnable action) {
        writing(() -> {
            action.run();
            return null;
        });
    }

    /** The stock handleQuery without its monitor: unwraps "$query"/"$orderby" the same way. */
    @Override
    public QueryResult handleQuery(QueryParameters parameters) {
        return reading(() -> {
            Document selector = parameters.getQuerySelector();
            Document query = selector;
            Document orderBy = null;
            if (selector.containsKey("query")) {
                query = (Document) selector.get("query");
                orderBy = (Document) selector.get("orderby");
            } else if (selector.containsKey("$query")) {
                query = (Document) selector.get("$query");
                orderBy = (Document) selector.get("$orderby");
            }
            return queryDocuments(query, orderBy, parameters.getNumberToSkip(), parameters.getLimit(),
                    parameters.getBatchSize(), parameters.getProjection());
        });
    }

    // The places where the stock code writes one document (addDocument and removeDocument below, which
    // every insert, upsert and delete goes through, and this one) tell the owner stamps once the
    // document and its indexes are written, still inside the write lock (see OwnerStamps for why).
    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        backend.ownerChanged(oldDocument);
        backend.ownerChanged(newDocument);
    }

    @Override
    public Document handleDistinct(Document query) {
        return reading(() -> super.handleDistinct(query));
    }

    @Override
    public void addDocument(Document document) {
        writing(() -> {
            super.addDocument(document);
            backend.ownerChanged(document);
        });
    }

    @Override
    public void addDocuments(Stream<Document> documents) {
        writing(() -> super.addDocuments(documents));
    }

    @Override
    public List<Document> insertDocuments(List<Document> documents, boolean isOrdered) {
        return writing(() -> super.insertDocuments(documents, isOrdered));
    }

    @Override
    public int deleteDocuments(Document selector, int limit, Oplog oplog) {
        return writing(() -> super.deleteDocuments(selector, limit, oplog));
    }

    @Override
    public void removeDocument(Document document) {
        writing(() -> {
            super.removeDocument(document);
            backend.ownerChanged(document);
        });
    }

    @Override
    public void renameTo(MongoDatabase newDatabase, String newCollectionName) {
        writing(() -> {
            super.renameTo(newDatabase, newCollectionName);
            backend.allChanged();
        });
    }

    @Override
    public void addIndex(Index<Object> index) {
        writing(() -> super.addIndex(index));
    }

    @Override
    public void dropIndex(String indexName) {
        writing(() -> super.dropIndex(indexName));
    }

    @Override
    public void drop() {
        writing(() -> {
            super.drop();
            backend.allChanged();
        });
    }

    private final class StreamingCursor extends AbstractCursor {
        private final Iterator<Document> rest;
        private final Document fieldSelector;

        StreamingCursor(long id, Iterator<Document> rest, Document fieldSelector) {
            super(id);
            this.rest = rest;
            this.fieldSelector = fieldSelector;
        }

        @Override
        public boolean isEmpty() {
            return !rest.hasNext();
        }

        @Override
        public List<Document> takeDocuments(int numberToReturn) {
            return project(take(rest, numberToReturn > 0 ? numberToReturn : 101), fieldSelector);
        }
    }
}
