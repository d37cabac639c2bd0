package dev.opendrive.api.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.opendrive.model.search.SearchIndexRepository;
import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class AdminResourceTest {

    @Inject
    SearchIndexRepository index;

    @Test
    void fullReindexNeedsTheOperatorTokenNotAUserToken() throws Exception {
        Api.User u = Api.newUser();
        String id = u.upload(null, "walrus.txt", "the walrus census".getBytes());
        ObjectId fileId = new ObjectId(id);
        for (int i = 0; i < 100 && index.findByIdOptional(fileId).isEmpty(); i++) {
            Thread.sleep(50);
        }
        index.deleteById(fileId); // as if the index had been lost or built by an older version
        u.as().queryParam("q", "census").get("/api/search").then().body("files", org.hamcrest.Matchers.empty());
        u.as().post("/api/admin/reindex").then().statusCode(403);
        given().header("X-Admin-Token", "wrong").post("/api/admin/reindex").then().statusCode(403);
        given().header("X-Admin-Token", "test-admin-token").post("/api/admin/reindex").then().statusCode(202)
                .body("message", equalTo("Re-index of all files started"));
        for (int i = 0; i < 100; i++) {
            var files = u.as().queryParam("q", "census").get("/api/search").jsonPath().getList("files");
            if (!files.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("content not searchable after the full re-index");
    }

    @Test
    void aBackupOfMongoDbIsLeftToMongodump() {
        given().header("X-Admin-Token", "test-admin-token").post("/api/admin/backup").then().statusCode(409)
                .body("code", equalTo("BACKUP_UNSUPPORTED"));
    }
}
