package dev.opendrive.api.database;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;


import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;

import dev.opendrive.api.testing.Api;
import dev.opendrive.api.testing.PlanStats;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Every query the API and the in-process workers send while a user works through the whole
 * product (uploads both ways, folders, listing, renames, moves, conflicts, search of every kind,
 * stats, sharing and the public pages, thumbnails, ZIP downloads, the trash, re-index) is served by an index that
 * fits it: the engine's plan statistics show no full scan of a collection that grows with users'
 * data, and no query reading many more documents than it returns (the user keeps 40 other files,
 * which a plan reading all of the user's files would read too).
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class AccessPathsTest {

    /** Collections whose size grows with what users store. */
    private static final Set<String> GROWING = Set.of("files", "folders", "search_index", "usage");
    /** Documents a query may read beyond those it returns (trashed duplicates, gram false positives). */
    private static final long SURPLUS = 10;
    private static final int FILLER = 40;

    @Inject
    MongoClient client;

    private List<Document> planStats(boolean reset) {
        try {
            return PlanStats.read(client, reset);
        } catch (MongoCommandException e) {
            Assumptions.abort("the database is not the embedded engine (no planStats): " + e.getErrorMessage());
            return List.of();
        }
    }

    @Test
    void noQueryOfTheProductReadsAWholeGrowingCollection() throws Exception {
        Api.User other = Api.newUser();
        other.upload(null, "someone else's report.txt", "not yours".getBytes());
        planStats(true);

        Api.User u = Api.newUser();
        String filler = u.folder("Filler", null);
        for (int i = 0; i < FILLER; i++) {
            u.upload(filler, "filler " + i + ".txt", ("filler text " + i).getBytes());
        }
        String docs = u.folder("Documents", null);
        String archive = u.folder("Archive", null);
        String deep = u.folder("2024", docs);
        u.folder("Documents", null); // conflict: becomes "Documents (1)"
        String report = u.upload(docs, "annual report.txt", "quarterly figures and the walrus census".getBytes());
        u.upload(docs, "annual report.txt", "a second one, renamed on the way".getBytes());
        String photo = u.upload(deep, "sunset.png", SampleFiles.png(320, 200));
        String streamed = u.as().contentType("application/octet-stream").body("streamed body".getBytes())
                .queryParam("name", "streamed notes.md").queryParam("folderId", docs).put("/api/files/content")
                .then().statusCode(201).extract().path("files[0]._id");
        u.awaitSearchable("walrus", 1);
        assertThat(u.awaitThumbnail(photo)).as("thumbnail of %s", photo).isTrue();

        u.as().get("/api/folders").then().statusCode(200);
        u.as().get("/api/folders/" + docs).then().statusCode(200);
        u.as().get("/api/files/folder/" + deep).then().statusCode(200);
        u.as().get("/api/files/" + report).then().statusCode(200);
        u.as().get("/api/files/" + report + "/download").then().statusCode(200);
        u.as().get("/api/files/" + photo + "/thumbnail").then().statusCode(200);
        u.as().get("/api/folders/stats/summary").then().statusCode(200);
        for (String q : List.of("report", "port", "an", "a", "walrus", "quarterly fig", "annual rep", "2024", "zzz")) {
            u.as().queryParam("q", q).get("/api/search").then().statusCode(200);
        }
        u.as().contentType(ContentType.JSON).body(Map.of("name", "yearly report.txt")).put("/api/files/" + report)
                .then().statusCode(200);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "streamed notes.md")).put("/api/files/" + report)
                .then().statusCode(409);
        u.as().contentType(ContentType.JSON).body(Map.of("folderId", archive)).put("/api/files/" + streamed)
                .then().statusCode(200);
        u.as().contentType(ContentType.JSON).body(Map.of("parentId", archive)).put("/api/folders/" + deep)
                .then().statusCode(200);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "Twenty24")).put("/api/folders/" + deep)
                .then().statusCode(200);

        String fileShare = u.as().post("/api/files/" + report + "/share").then().statusCode(200).extract().path("shareId");
        String folderShare = u.as().post("/api/folders/" + archive + "/share").then().statusCode(200)
                .extract().path("shareId");
        given().get("/api/public/" + fileShare).then().statusCode(200);
        given().get("/api/public/" + fileShare + "/download").then().statusCode(200);
        given().get("/api/public/" + folderShare).then().statusCode(200);
        given().get("/api/public/" + folderShare + "/folder/" + deep).then().statusCode(200);
        given().get("/api/public/" + folderShare + "/file/" + photo + "/thumbnail").then().statusCode(200);
        given().get("/api/public/" + folderShare + "/download").then().statusCode(200);
        u.as().get("/api/folders/" + docs + "/download").then().statusCode(200);
        u.as().contentType(ContentType.JSON).body(Map.of("fileIds", List.of(report), "folderIds", List.of(archive)))
                .post("/api/files/download").then().statusCode(200);
        u.as().delete("/api/files/" + report + "/share").then().statusCode(200);

        u.as().delete("/api/files/" + report).then().statusCode(200);
        u.as().delete("/api/folders/" + archive).then().statusCode(200);
        u.as().get("/api/files/trash/list").then().statusCode(200);
        u.as().get("/api/folders/trash/list").then().statusCode(200);
        u.as().post("/api/files/" + report + "/restore").then().statusCode(200);
        u.as().post("/api/folders/" + archive + "/restore").then().statusCode(200);
        u.as().delete("/api/folders/" + archive).then().statusCode(200);
        u.as().delete("/api/files/" + report).then().statusCode(200);
        u.as().post("/api/files/trash/empty").then().statusCode(200);
        u.as().post("/api/folders/trash/empty").then().statusCode(200);
        u.as().delete("/api/folders/" + docs + "/permanent").then().statusCode(200);
        u.as().post("/api/search/reindex").then().statusCode(200);
        u.as().get("/api/folders/stats/summary").then().statusCode(200);
        Thread.sleep(500); // the in-process workers handle the last events

        List<Document> queries = planStats(false);
        List<String> scans = new ArrayList<>();
        List<String> wasteful = new ArrayList<>();
        for (Document q : queries) {
            String collection = q.getString("ns").substring(q.getString("ns").indexOf('.') + 1);
            if (!GROWING.contains(collection)) {
                continue;
            }
            if (q.getString("plan").equals("COLLSCAN")) {
                scans.add(q.toJson());
            } else if (q.getLong("maxSurplus") > SURPLUS && !shortNameSearch(q.getString("shape"))) {
                wasteful.add(q.toJson());
            }
        }
        assertThat(queries).as("the journey ran queries").hasSizeGreaterThan(20);
        assertThat(scans).as("full scans of growing collections").isEmpty();
        assertThat(wasteful).as("queries reading far more documents than they return").isEmpty();
    }

    /**
     * A name search of one or two characters has no trigram: by design it reads the user's live
     * names newest first until enough match.
     */
    private static boolean shortNameSearch(String shape) {
        return !shape.contains("nameGrams") && shape.contains("$regex") && shape.contains("deletedAt");
    }
}
