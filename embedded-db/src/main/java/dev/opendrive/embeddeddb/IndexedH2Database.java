package dev.opendrive.embeddeddb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * An H2 database whose collections plan their queries over real secondary indexes, and which
 * answers {@code explain}, a full {@code validate}, and aggregations that start with
 * {@code $match} through the planner (the stock aggregation reads the whole collection).
 */
final class IndexedH2Database extends H2Database {

    // The superclass constructor already opens the collections and indexes, which calls back into
    // this class before its own fields are set: the backend is handed over on the opening thread.
    static final ThreadLocal<IndexedH2Backend> OPENING = new ThreadLocal<>();

    private static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    private final IndexedH2Backend backend;

    IndexedH2Database(String databaseName, IndexedH2Backend backend) {
        super(databaseName, backend.getMvStore(), backend.cursors());
        this.backend = backend;
        verifyOnOpen();
    }

    /**
     * An index with one entry per document (not multikey, not sparse) must have exactly as many
     * entries as its collection has documents: O(1) to check per index, so it runs on every open;
     * one that does not agree is rebuilt from the documents.
     */
    private void verifyOnOpen() {
        for (String name : listCollectionNamespaces()) {
            IndexedH2Collection collection = indexed(name);
            if (collection == null) {
                continue;
            }
            for (SecondaryIndex index : collection.secondaryIndexes()) {
                if (!index.isMultikey() && !index.isSparse() && index.getCount() != collection.count()) {
                    org.slf4j.LoggerFactory.getLogger(IndexedH2Database.class).warn(
                            "index {} of {} has {} entries for {} documents: rebuilding it", index.getName(),
                            collection.getFullName(), index.getCount(), collection.count());
                    collection.rebuild(index);
                }
            }
        }
    }

    private List<String> listCollectionNamespaces() {
        List<String> names = new ArrayList<>();
        String prefix = DATA_PREFIX + getDatabaseName() + ".";
        for (String map : store().getMapNames()) {
            if (map.startsWith(prefix) && !map.substring(prefix.length()).startsWith("system.")) {
                names.add(map.substring(prefix.length()));
            }
        }
        return names;
    }

    private IndexedH2Backend backend() {
        return backend != null ? backend : OPENING.get();
    }

    private MVStore store() {
        return backend().getMvStore();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        // the first opener of a map decides its types: documents as BSON (DocumentValueType)
        MVMap<Object, de.bwaldvogel.mongo.bson.Document> data = store().openMap(DATA_PREFIX + fullName,
                new MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>().keyType(new CompactKeyTypes.Ids())
                        .valueType((org.h2.mvstore.type.DataType) new DocumentValueType()));
        MVMap<String, Object> meta = store().openMap(META_PREFIX + fullName);
        return new IndexedH2Collection(this, collectionName, options, data, meta, cursorRegistry, backend());
    }

    /**
     * The stock unique index (the _id index of every collection, and e.g. users' e-mails) on
     * compact key types: opened here first, so that the superclass finds the map open with them.
     * A map written by the previous version (Java-serialized keys, in serialized-byte order) is
     * emptied and rebuilt from the documents, once.
     */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Object> map = store().openMap(fullName + "._index_" + indexName,
                new MVMap.Builder<Object, Object>().keyType(new CompactKeyTypes.UniqueKeys())
                        .valueType(new CompactKeyTypes.Ids()));
        MVMap<String, Object> meta = store().openMap(META_PREFIX + fullName);
        String format = "index." + indexName + ".format";
        if (!Integer.valueOf(2).equals(meta.get(format))) {
            if (!map.isEmpty()) {
                org.slf4j.LoggerFactory.getLogger(IndexedH2Database.class)
                        .info("rebuilding unique index {} of {} in the compact format", indexName, fullName);
            }
            map.clear();
            meta.put(format, 2);
        }
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        String fullName = getFullCollectionNamespace(collectionName);
        // the name H2Database gives index maps, so that its drop methods remove ours too
        MVMap<byte[], Object> entries = store().openMap(fullName + "._index_" + indexName,
                new MVMap.Builder<byte[], Object>().keyType(IndexKeyType.INSTANCE).valueType(new ObjectDataType()));
        MVMap<String, Object> meta = store().openMap(META_PREFIX + fullName);
        return new SecondaryIndex(indexName, keys, sparse, entries, meta);
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
            Oplog oplog) {
        if (command.equalsIgnoreCase("explain")) {
            return explain(query);
        }
        if (command.equalsIgnoreCase("validate")) {
            return validate(channel, command, query, databaseResolver, oplog);
        }
        if (command.equalsIgnoreCase("aggregate")) {
            Document answer = aggregateFromIndex(query, databaseResolver, oplog);
            if (answer != null) {
                return answer;
            }
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    private IndexedH2Collection indexed(String collectionName) {
        MongoCollection<Object> collection = resolveCollection(collectionName, false);
        return collection instanceof IndexedH2Collection c ? c : null;
    }

    /** {@code {explain: {find|count|delete|update|aggregate ...}}}: the winning plan, as MongoDB words it. */
    private Document explain(Document query) {
        Document inner = (Document) query.get("explain");
        String verb = inner.keySet().iterator().next();
        String collectionName = String.valueOf(inner.get(verb));
        Document filter;
        Document sort = null;
        int skip = 0;
        int limit = 0;
        switch (verb.toLowerCase(java.util.Locale.ROOT)) {
            case "find" -> {
                filter = (Document) inner.getOrDefault("filter", new Document());
                sort = (Document) inner.get("sort");
                skip = number(inner.get("skip"));
                limit = number(inner.get("limit"));
            }
            case "count" -> filter = (Document) inner.getOrDefault("query", new Document());
            case "findandmodify" -> {
                filter = (Document) inner.getOrDefault("query", new Document());
                sort = (Document) inner.get("sort");
                limit = 1;
            }
            case "delete", "update" -> {
                List<?> statements = (List<?>) inner.get(verb.equals("delete") ? "deletes" : "updates");
                Document first = statements == null || statements.isEmpty() ? new Document()
                        : (Document) statements.get(0);
                filter = (Document) first.getOrDefault("q", new Document());
            }
            case "aggregate" -> {
                List<?> pipeline = (List<?>) inner.getOrDefault("pipeline", List.of());
                Document match = pipeline.isEmpty() ? null : (Document) ((Document) pipeline.get(0)).get("$match");
                filter = match == null ? new Document() : match;
            }
            default -> throw new de.bwaldvogel.mongo.exception.MongoServerError(2, "explain of " + verb + " is not supported");
        }
        IndexedH2Collection collection = indexed(collectionName);
        Document plan = collection == null ? new Document("stage", "EOF")
                : collection.explain(filter, sort, skip, limit);
        Document planner = new Document("namespace", getFullCollectionNamespace(collectionName))
                .append("parsedQuery", filter).append("winningPlan", plan).append("rejectedPlans", List.of());
        Document response = new Document("queryPlanner", planner);
        Utils.markOkay(response);
        return response;
    }

    private static int number(Object value) {
        return value instanceof Number n ? Math.abs(n.intValue()) : 0;
    }

    private Document validate(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
            Oplog oplog) {
        Document response = super.handleCommand(channel, command, query, databaseResolver, oplog);
        IndexedH2Collection collection = indexed(String.valueOf(query.get(command)));
        if (collection != null && Utils.isTrue(query.get("full"))) {
            Document disagreements = collection.verifyIndexes();
            List<String> errors = new ArrayList<>();
            disagreements.forEach((index, count) -> {
                if (((Number) count).longValue() != 0) {
                    errors.add("index " + index + " disagrees with the documents in " + count + " entries");
                }
            });
            response.put("indexDisagreements", disagreements);
            response.put("errors", errors);
            response.put("valid", errors.isEmpty());
        }
        return response;
    }

    /** A pipeline that starts with $match: its documents come from the planner, the rest runs as usual. */
    private Document aggregateFromIndex(Document query, DatabaseResolver databaseResolver, Oplog oplog) {
        Object rawPipeline = query.get("pipeline");
        if (!(rawPipeline instanceof Collection<?> stages) || stages.isEmpty()) {
            return null;
        }
        List<Document> pipeline = new ArrayList<>();
        for (Object stage : stages) {
            if (!(stage instanceof Document d)) {
                return null;
            }
            if (d.containsKey("$changeStream") || d.containsKey("$out") || d.containsKey("$merge")) {
                return null;
            }
            pipeline.add(d);
        }
        Object match = pipeline.get(0).get("$match");
        String collectionName = String.valueOf(query.get("aggregate"));
        IndexedH2Collection collection = indexed(collectionName);
        if (!(match instanceof Document filter) || collection == null) {
            return null;
        }
        Aggregation rest = Aggregation.fromPipeline(pipeline.subList(1, pipeline.size()), databaseResolver, this,
                collection, oplog);
        rest.validate(query);
        long[] counts = new long[2];
        List<Document> results = rest.runStages(collection.matching(filter, counts));
        backend().observe(collection.getFullName(), filter, null, collection.planName(filter),
                collection.indexNames(filter), counts[0], counts[1]);
        Document cursor = new Document("id", 0L).append("ns", getFullCollectionNamespace(collectionName))
                .append("firstBatch", results);
        Document response = new Document("cursor", cursor);
        Utils.markOkay(response);
        return response;
    }
}
