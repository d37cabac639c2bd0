package dev.opendrive.embeddeddb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * Property: for random documents and random queries of the shapes the product sends (and a few
 * more), the engine answers the same with its secondary indexes as without them: the same
 * documents, in the same order, under inserts, updates and deletes.
 */
class IndexEquivalenceTest {

    private static final List<Document> INDEXES = List.of(
            new Document("ownerId", 1).append("folderId", 1).append("deletedAt", 1).append("createdAt", -1),
            new Document("ownerId", 1).append("folderId", 1).append("nameKey", 1),
            new Document("ownerId", 1).append("deletedAt", 1),
            new Document("shareId", 1),
            new Document("ownerId", 1).append("tags", 1).append("_id", -1),
            new Document("size", 1),
            new Document("nameKey", -1));

    private static final List<Document> PROJECTIONS = List.of(new Document("tags", 0),
            new Document("tags", 0).append("nameKey", 0), new Document("nameKey", 1).append("size", 1),
            new Document("size", 1).append("_id", 0), new Document("_id", 0), new Document("tags.x", 0));

    private final ObjectId[] owners = {new ObjectId(), new ObjectId(), new ObjectId()};
    private final ObjectId[] folders = {new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId()};
    private final String[] names = {"a.txt", "b.txt", "report.pdf", "reports", "photo 1.jpg", "Été.png", "zeta",
            "", "re", "r\u0000x", "\uD83D\uDE00 smile"};
    private final String[] tags = {"rep", "epo", "por", "ort", "jpg", "img"};
    private final Date[] dates = {new Date(1_000_000), new Date(2_000_000), new Date(3_000_000), new Date(4_000_000),
            new Date(5_000_000), new Date(-5_000)};

    private final java.util.Map<String, Integer> plans = new java.util.TreeMap<>();

    @Test
    void indexedAnswersEqualFullScanAnswers() {
        for (long seed = 1; seed <= 6; seed++) {
            run(seed, 300, 400);
        }
        System.out.println("[IndexEquivalenceTest] plans of the indexed engine: " + plans);
        int indexed = plans.entrySet().stream().filter(e -> !e.getKey().equals("COLLSCAN"))
                .mapToInt(java.util.Map.Entry::getValue).sum();
        // the comparison is only worth something if the indexes are actually used
        assertThat(indexed).isGreaterThan(plans.getOrDefault("COLLSCAN", 0) * 3);
    }

    private void run(long seed, int documents, int rounds) {
        Random random = new Random(seed);
        try (EngineServer indexed = new EngineServer(IndexedH2Backend.inMemory());
                EngineServer plain = new EngineServer(IndexedH2Backend.inMemory())) {
            indexed.backend.setQueryObserver(e -> {
                if (e.namespace().equals("opendrive.files")) {
                    synchronized (plans) {
                        plans.merge(e.plan(), 1, Integer::sum);
                    }
                }
            });
            MongoCollection<Document> a = indexed.db().getCollection("files");
            MongoCollection<Document> b = plain.db().getCollection("files");
            // half the runs build the indexes over existing data, half maintain them from the start
            boolean indexFirst = seed % 2 == 0;
            if (indexFirst) {
                INDEXES.forEach(a::createIndex);
            }
            List<ObjectId> ids = new ArrayList<>();
            for (int i = 0; i < documents; i++) {
                Document d = randomDocument(random);
                ids.add(d.getObjectId("_id"));
                a.insertOne(d);
                b.insertOne(new Document(d));
            }
            if (!indexFirst) {
                INDEXES.forEach(a::createIndex);
            }
            for (int round = 0; round < rounds; round++) {
                mutate(random, a, b, ids);
                Query q = randomQuery(random, ids);
                List<Document> expected = q.run(b);
                List<Document> actual = q.run(a);
                assertThat(actual).as("seed %d round %d: %s", seed, round, q).isEqualTo(expected);
                assertThat(a.countDocuments(q.filter)).as("count, seed %d round %d: %s", seed, round, q)
                        .isEqualTo(b.countDocuments(q.filter));
                // ids only: the engine may answer from the index entries without reading documents
                assertThat(q.ids(a)).as("ids, seed %d round %d: %s", seed, round, q).isEqualTo(q.ids(b));
                Document projection = PROJECTIONS.get(round % PROJECTIONS.size());
                assertThat(q.projected(a, projection)).as("projection %s, seed %d round %d: %s", projection.toJson(), seed,
                        round, q).isEqualTo(q.projected(b, projection));
            }
            Document validation = indexed.db().runCommand(new Document("validate", "files").append("full", true));
            assertThat(validation.getBoolean("valid")).as(validation.toJson()).isTrue();
        }
    }

    private record Query(Bson filter, Bson sort, int skip, int limit) {
        List<Document> run(MongoCollection<Document> c) {
            var find = c.find(filter);
            if (sort != null) {
                find = find.sort(sort);
            }
            if (skip > 0) {
                find = find.skip(skip);
            }
            if (limit > 0) {
                find = find.limit(limit);
            }
            return find.into(new ArrayList<>());
        }

        List<Document> projected(MongoCollection<Document> c, Document projection) {
            var find = c.find(filter).projection(projection);
            if (sort != null) {
                find = find.sort(sort);
            }
            return find.skip(skip).limit(limit).into(new ArrayList<>());
        }

        List<Object> ids(MongoCollection<Document> c) {
            var find = c.find(filter).projection(new Document("_id", 1));
            if (sort != null) {
                find = find.sort(sort);
            }
            if (skip > 0) {
                find = find.skip(skip);
            }
            if (limit > 0) {
                find = find.limit(limit);
            }
            return find.map(d -> d.get("_id")).into(new ArrayList<>());
        }

        @Override
        public String toString() {
            return "filter=" + filter.toBsonDocument().toJson() + " sort="
                    + (sort == null ? null : sort.toBsonDocument().toJson()) + " skip=" + skip + " limit=" + limit;
        }
    }

    private <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private Object maybeNull(Random r, Supplier<Object> value) {
        return r.nextInt(4) == 0 ? null : value.get();
    }

    private Document randomDocument(Random r) {
        Document d = new Document("_id", new ObjectId());
        d.append("ownerId", pick(r, owners));
        if (r.nextInt(6) != 0) {
            d.append("folderId", maybeNull(r, () -> pick(r, folders)));
        }
        String name = pick(r, names);
        d.append("originalName", name).append("nameKey", name.toLowerCase(java.util.Locale.ROOT));
        switch (r.nextInt(4)) {
            case 0 -> d.append("deletedAt", pick(r, dates));
            case 1 -> d.append("deletedAt", null);
            default -> {
            }
        }
        if (r.nextInt(8) != 0) {
            d.append("createdAt", pick(r, dates));
        }
        switch (r.nextInt(4)) {
            case 0 -> d.append("trashRoot", true);
            case 1 -> d.append("trashRoot", false);
            case 2 -> d.append("trashRoot", null);
            default -> {
            }
        }
        if (r.nextInt(3) == 0) {
            d.append("shareId", "s" + r.nextInt(5)).append("isShared", r.nextBoolean());
        }
        switch (r.nextInt(5)) {
            case 0 -> d.append("size", r.nextInt(100));
            case 1 -> d.append("size", (long) r.nextInt(100));
            case 2 -> d.append("size", r.nextInt(100) / 2.0);
            case 3 -> d.append("size", "big");
            default -> {
            }
        }
        switch (r.nextInt(5)) {
            case 0 -> d.append("tags", List.of());
            case 1 -> d.append("tags", pick(r, tags));
            case 2 -> {
            }
            default -> {
                List<String> t = new ArrayList<>();
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    t.add(pick(r, tags));
                }
                d.append("tags", t);
            }
        }
        return d;
    }

    private void mutate(Random r, MongoCollection<Document> a, MongoCollection<Document> b, List<ObjectId> ids) {
        int kind = r.nextInt(10);
        ObjectId id = ids.get(r.nextInt(ids.size()));
        if (kind == 0) {
            Document d = randomDocument(r);
            ids.add(d.getObjectId("_id"));
            a.insertOne(d);
            b.insertOne(new Document(d));
        } else if (kind == 1) {
            a.deleteOne(Filters.eq("_id", id));
            b.deleteOne(Filters.eq("_id", id));
        } else if (kind <= 4) {
            Bson update = switch (r.nextInt(5)) {
                case 0 -> Updates.set("deletedAt", r.nextBoolean() ? null : pick(r, dates));
                case 1 -> Updates.set("folderId", pick(r, folders));
                case 2 -> Updates.set("tags", List.of(pick(r, tags), pick(r, tags)));
                case 3 -> Updates.unset("createdAt");
                default -> Updates.combine(Updates.set("nameKey", pick(r, names)), Updates.set("size", r.nextInt(50)));
            };
            a.updateOne(Filters.eq("_id", id), update);
            b.updateOne(Filters.eq("_id", id), update);
        } else if (kind == 5) {
            Bson filter = Filters.and(Filters.eq("ownerId", pick(r, owners)), Filters.eq("folderId", pick(r, folders)));
            Bson update = Updates.combine(Updates.set("deletedAt", pick(r, dates)), Updates.set("trashRoot", false));
            a.updateMany(filter, update);
            b.updateMany(filter, update);
        }
    }

    private Query randomQuery(Random r, List<ObjectId> ids) {
        ObjectId owner = pick(r, owners);
        Object folder = r.nextInt(4) == 0 ? null : pick(r, folders);
        int limit = r.nextInt(3) == 0 ? 1 + r.nextInt(10) : 0;
        int skip = r.nextInt(5) == 0 ? r.nextInt(5) : 0;
        Bson newest = Filters.empty();
        switch (r.nextInt(18)) {
            case 0:
                return new Query(Filters.and(Filters.eq("ownerId", owner), Filters.eq("folderId", folder),
                        Filters.eq("deletedAt", null)), new Document("createdAt", -1), skip, limit);
            case 1:
                return new Query(Filters.and(Filters.eq("ownerId", owner), Filters.eq("folderId", folder),
                        Filters.eq("nameKey", pick(r, names)), Filters.eq("deletedAt", null)), null, 0, limit);
            case 2:
                return new Query(Filters.and(Filters.eq("ownerId", owner), Filters.ne("deletedAt", null),
                        Filters.ne("trashRoot", false)), new Document("deletedAt", -1), skip, limit);
            case 3:
                return new Query(Filters.and(Filters.eq("ownerId", owner), Filters.ne("deletedAt", null)), null, skip,
                        limit);
            case 4:
                return new Query(Filters.and(Filters.eq("shareId", "s" + r.nextInt(6)), Filters.eq("isShared", true),
                        Filters.eq("deletedAt", null)), null, 0, 1);
            case 5:
                return new Query(Filters.and(Filters.eq("_id", ids.get(r.nextInt(ids.size()))),
                        Filters.eq("ownerId", owner)), null, 0, 0);
            case 6: {
                List<ObjectId> some = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    some.add(ids.get(r.nextInt(ids.size())));
                }
                return new Query(Filters.and(Filters.in("_id", some), Filters.eq("ownerId", owner),
                        Filters.eq("deletedAt", null)), r.nextBoolean() ? new Document("_id", -1) : null, 0, limit);
            }
            case 7:
                return new Query(Filters.and(Filters.eq("ownerId", owner),
                        Filters.in("folderId", pick(r, folders), pick(r, folders), null)), null, skip, limit);
            case 8:
                return new Query(Filters.and(Filters.eq("ownerId", owner), Filters.all("tags", pick(r, tags), pick(r, tags))),
                        new Document("_id", -1), 0, limit);
            case 9:
                return new Query(Filters.or(Filters.and(Filters.eq("ownerId", owner), Filters.eq("tags", pick(r, tags))),
                        Filters.and(Filters.eq("ownerId", owner), Filters.eq("folderId", folder),
                                Filters.eq("nameKey", pick(r, names)))),
                        r.nextBoolean() ? new Document("_id", -1) : null, skip, limit);
            case 15: {
                // the word search: owner, then one $or of the token fields per word, the last as a prefix
                String t1 = pick(r, tags);
                String t2 = pick(r, tags);
                return new Query(Filters.and(Filters.eq("ownerId", owner),
                        Filters.or(Filters.eq("tags", t1), Filters.eq("nameKey", t1)),
                        Filters.or(Filters.regex("tags", "^" + t2.substring(0, 1 + r.nextInt(2))),
                                Filters.regex("nameKey", "^" + t2.substring(0, 2)))),
                        new Document("_id", -1), 0, limit);
            }
            case 16: {
                // every word in the name: a word and a word prefix on the same token field
                String t1 = pick(r, tags);
                String t2 = pick(r, tags);
                return new Query(Filters.and(Filters.eq("ownerId", owner), Filters.eq("tags", t1),
                        Filters.regex("tags", "^" + t2.substring(0, 1 + r.nextInt(2)))), new Document("_id", -1), 0, limit);
            }
            case 10: {
                String t1 = pick(r, tags);
                String t2 = pick(r, tags);
                return new Query(Filters.and(Filters.eq("ownerId", owner),
                        Filters.or(Filters.eq("tags", t1), Filters.eq("nameKey", pick(r, names))),
                        Filters.or(Filters.eq("tags", t2), Filters.regex("nameKey", "^" + t2.substring(0, 2)))),
                        new Document("_id", -1), 0, limit);
            }
            case 11: {
                int lo = r.nextInt(60);
                Bson f = r.nextBoolean() ? Filters.and(Filters.gte("size", lo), Filters.lt("size", lo + 20))
                        : Filters.gt("size", lo / 2.0);
                return new Query(f, new Document("size", r.nextBoolean() ? 1 : -1), skip, limit);
            }
            case 12:
                return new Query(Filters.regex("nameKey", "^" + pick(r, new String[] {"re", "rep", "a", "ph", "z", "\u00e9"})),
                        r.nextBoolean() ? new Document("nameKey", -1) : null, skip, limit);
            case 13:
                return new Query(Filters.eq("ownerId", owner),
                        pick(r, new Document[] {new Document("createdAt", -1), new Document("createdAt", -1).append("_id", -1),
                                new Document("_id", 1), new Document("deletedAt", -1)}), skip, limit);
            case 14:
                return new Query(Filters.and(Filters.eq("ownerId", owner), Filters.eq("folderId", folder),
                        Filters.eq("deletedAt", null), Filters.gte("createdAt", pick(r, dates))),
                        new Document("createdAt", r.nextBoolean() ? 1 : -1), skip, limit);
            default:
                return new Query(Filters.and(Filters.eq("ownerId", owner),
                        Filters.or(Filters.eq("tags", pick(r, tags)), Filters.exists("shareId"))), newest == null ? null
                                : new Document("createdAt", -1), skip, limit);
        }
    }
}
