package dev.opendrive.embeddeddb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ExplainVerbosity;
import com.mongodb.client.MongoCollection;

/** The engine says which index a query uses, in the shape of MongoDB's explain. */
class ExplainTest {

    private EngineServer engine;
    private MongoCollection<Document> files;
    private final ObjectId owner = new ObjectId();
    private final ObjectId folder = new ObjectId();

    @BeforeEach
    void setUp() {
        engine = new EngineServer(IndexedH2Backend.inMemory());
        files = engine.db().getCollection("files");
        files.createIndex(new Document("ownerId", 1).append("folderId", 1).append("deletedAt", 1).append("createdAt", -1));
        files.createIndex(new Document("ownerId", 1).append("nameGrams", 1).append("_id", -1));
        for (int i = 0; i < 200; i++) {
            files.insertOne(new Document("ownerId", i % 2 == 0 ? owner : new ObjectId()).append("folderId", folder)
                    .append("deletedAt", null).append("createdAt", i).append("size", i)
                    .append("nameGrams", List.of("rep", "epo", "por", i % 10 == 0 ? "ort" : "xyz")));
        }
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private Document plan(Document filter, Document sort) {
        var find = files.find(filter);
        if (sort != null) {
            find = find.sort(sort);
        }
        return find.explain(ExplainVerbosity.QUERY_PLANNER).get("queryPlanner", Document.class)
                .get("winningPlan", Document.class);
    }

    private static List<Document> stages(Document plan) {
        List<Document> all = new ArrayList<>();
        all.add(plan);
        if (plan.get("inputStage") instanceof Document d) {
            all.addAll(stages(d));
        }
        if (plan.get("inputStages") instanceof List<?> list) {
            list.forEach(d -> all.addAll(stages((Document) d)));
        }
        return all;
    }

    @Test
    void aFolderListingReadsItsIndexInOrderWithoutSorting() {
        Document plan = plan(new Document("ownerId", owner).append("folderId", folder).append("deletedAt", null),
                new Document("createdAt", -1));
        assertThat(plan.getString("stage")).isEqualTo("FETCH");
        Document scan = plan.get("inputStage", Document.class);
        assertThat(scan.getString("stage")).isEqualTo("IXSCAN");
        assertThat(scan.getString("indexName")).isEqualTo("ownerId_1_folderId_1_deletedAt_1_createdAt_-1");
        assertThat(scan.getString("direction")).isEqualTo("forward");
        assertThat(scan.getLong("keysEstimate")).isEqualTo(100);
    }

    @Test
    void severalTrigramsAreIntersectedNewestFirst() {
        Document plan = plan(new Document("ownerId", owner).append("nameGrams", new Document("$all", List.of("por", "ort"))),
                new Document("_id", -1));
        List<Document> stages = stages(plan);
        assertThat(stages).extracting(d -> d.getString("stage")).contains("AND_SORTED", "IXSCAN");
        assertThat(stages).filteredOn(d -> "IXSCAN".equals(d.getString("stage")))
                .allMatch(d -> d.getString("indexName").equals("ownerId_1_nameGrams_1__id_-1")
                        && d.getString("direction").equals("backward"));
        assertThat(files.countDocuments(new Document("ownerId", owner).append("nameGrams", new Document("$all", List.of("por", "ort")))))
                .isEqualTo(20);
    }

    @Test
    void aSortNoIndexServesIsDoneInMemoryAndSaysSo() {
        Document plan = plan(new Document("ownerId", owner).append("folderId", folder), new Document("size", -1));
        assertThat(plan.getString("stage")).isEqualTo("SORT");
        assertThat(stages(plan)).extracting(d -> d.getString("stage")).contains("IXSCAN");
    }

    @Test
    void aQueryNoIndexServesIsACollectionScan() {
        assertThat(plan(new Document("size", 5), null).getString("stage")).isEqualTo("COLLSCAN");
        Document byId = plan(new Document("_id", new ObjectId()).append("ownerId", owner), null);
        assertThat(stages(byId)).extracting(d -> d.getString("stage")).containsExactly("FETCH", "IDHACK");
    }

    @Test
    void planStatsCountWhatRanAndWhatItRead() {
        engine.client.getDatabase("admin").runCommand(new Document("planStats", 1).append("reset", true));
        files.find(new Document("ownerId", owner).append("folderId", folder).append("deletedAt", null)).first();
        files.find(new Document("size", 5)).first();
        List<Document> rows = engine.client.getDatabase("admin").runCommand(new Document("planStats", 1))
                .getList("queries", Document.class);
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.getString("plan")).isEqualTo("COLLSCAN");
            assertThat(r.getString("shape")).contains("size");
        });
        assertThat(rows).anySatisfy(r -> {
            assertThat(r.getString("plan")).isEqualTo("IXSCAN");
            assertThat(r.getLong("docsExamined")).isEqualTo(1);
        });
    }

    @Test
    void aWordAndAWordPrefixOnOneTokenFieldAreAnsweredFromTheIndexAlone() {
        // "every word of the query in the name": one token and a token prefix of the same array field
        Document filter = new Document("ownerId", owner).append("$and",
                List.of(new Document("nameGrams", "por"), new Document("nameGrams", new Document("$regex", "^or"))));
        assertThat(stages(plan(filter, new Document("_id", -1)))).extracting(d -> d.getString("stage"))
                .contains("AND_SORTED");
        engine.client.getDatabase("admin").runCommand(new Document("planStats", 1).append("reset", true));
        List<Document> ids = files.find(filter).projection(new Document("_id", 1)).sort(new Document("_id", -1))
                .into(new ArrayList<>());
        assertThat(ids).hasSize(20);
        Document row = engine.client.getDatabase("admin").runCommand(new Document("planStats", 1))
                .getList("queries", Document.class).get(0);
        assertThat(row.getLong("docsExamined")).as(row.toJson()).isZero();
    }
}
