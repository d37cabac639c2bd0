package dev.opendrive.api.usage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** Stats come from counters kept with every write; they always equal a count of the documents. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class UsageCountersTest {

    @Inject
    UsageCounters counters;

    @Inject
    MongoClient client;

    private static JsonPath stats(Api.User u) {
        return u.as().get("/api/folders/stats/summary").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void everyWriteKeepsTheCountersEqualToTheDocuments() {
        Api.User u = Api.newUser();
        String docs = u.folder("Documents", null);
        String inner = u.folder("Inner", docs);
        String a = u.upload(docs, "a.txt", new byte[100]);
        u.upload(inner, "b.txt", new byte[20]);
        String c = u.upload(null, "c.txt", new byte[3]);
        JsonPath s = stats(u);
        assertThat(s.getLong("totalFiles")).isEqualTo(3);
        assertThat(s.getLong("totalFolders")).isEqualTo(2);
        assertThat(s.getLong("storageUsed")).isEqualTo(123);

        u.as().delete("/api/files/" + c).then().statusCode(200);
        s = stats(u);
        assertThat(s.getLong("totalFiles")).isEqualTo(2);
        assertThat(s.getLong("storageUsed")).isEqualTo(120);
        assertThat(s.getLong("trash.files")).isEqualTo(1);
        assertThat(s.getLong("trash.storageUsed")).isEqualTo(3);

        u.as().delete("/api/folders/" + docs).then().statusCode(200); // the tree: 2 folders, 2 files
        s = stats(u);
        assertThat(s.getLong("totalFiles")).isZero();
        assertThat(s.getLong("totalFolders")).isZero();
        assertThat(s.getLong("storageUsed")).isZero();
        assertThat(s.getLong("trash.files")).isEqualTo(3);
        assertThat(s.getLong("trash.folders")).isEqualTo(2);

        u.as().post("/api/folders/" + docs + "/restore").then().statusCode(200);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "renamed.txt")).put("/api/files/" + a)
                .then().statusCode(200);
        s = stats(u);
        assertThat(s.getLong("totalFiles")).isEqualTo(2);
        assertThat(s.getLong("totalFolders")).isEqualTo(2);
        assertThat(s.getLong("storageUsed")).isEqualTo(120);

        u.as().delete("/api/files/" + c + "/permanent").then().statusCode(200);
        u.as().delete("/api/folders/" + docs + "/permanent").then().statusCode(200);
        s = stats(u);
        assertThat(s.getLong("totalFiles")).isZero();
        assertThat(s.getLong("totalFolders")).isZero();
        assertThat(s.getLong("trash.files")).isZero();
        assertThat(s.getLong("trash.storageUsed")).isZero();

        Usage before = counters.read(new ObjectId(u.id()));
        assertThat(counters.recount(new ObjectId(u.id()))).as("recount from the documents").isEqualTo(before);
    }

    @Test
    void theOperatorRecountRepairsCountersThatDrifted() {
        Api.User u = Api.newUser();
        u.upload(null, "kept.txt", new byte[7]);
        stats(u);
        // as if the process had died between a write and its $inc
        client.getDatabase("opendrive_test_" + ProcessHandle.current().pid()).getCollection("usage")
                .updateOne(Filters.eq("_id", new ObjectId(u.id())), Updates.inc("files", 5));
        assertThat(stats(u).getLong("totalFiles")).isEqualTo(6);
        given().post("/api/admin/usage/recount").then().statusCode(403);
        given().header("X-Admin-Token", "test-admin-token").post("/api/admin/usage/recount").then().statusCode(200)
                .body("repaired", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        assertThat(stats(u).getLong("totalFiles")).isEqualTo(1);
        given().header("X-Admin-Token", "test-admin-token").post("/api/admin/usage/recount").then().statusCode(200)
                .body("repaired", equalTo(0));
    }

    @Test
    void aUserFromBeforeCountersIsCountedOnFirstUse() {
        Api.User u = Api.newUser();
        u.upload(null, "old.txt", new byte[11]);
        client.getDatabase("opendrive_test_" + ProcessHandle.current().pid()).getCollection("usage")
                .deleteOne(new Document("_id", new ObjectId(u.id())));
        assertThat(stats(u).getLong("storageUsed")).isEqualTo(11);
        u.upload(null, "new.txt", new byte[4]);
        assertThat(stats(u).getLong("storageUsed")).isEqualTo(15);
    }
}
