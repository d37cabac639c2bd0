package dev.opendrive.api.sharing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class PublicResourceTest {

    @Test
    void aSharedFolderCanBeBrowsedAndDownloadedWithoutAnAccount() {
        Api.User u = Api.newUser();
        String root = u.folder("Holiday", null);
        String sub = u.folder("Day 1", root);
        String deeper = u.folder("Morning", sub);
        String rootFile = u.upload(root, "plan.txt", "plan".getBytes());
        String subFile = u.upload(sub, "photo.txt", "photo".getBytes());
        String shareId = u.as().post("/api/folders/" + root + "/share").path("shareId");

        String json = given().get("/api/public/" + shareId).then().statusCode(200)
                .body("type", equalTo("folder"))
                .body("folder._id", equalTo(root)).body("folder.name", equalTo("Holiday"))
                .body("rootShareId", equalTo(shareId))
                .body("subfolders._id", contains(sub))
                .body("files._id", contains(rootFile))
                .body("files", everyItem(not(hasKey("storageKey"))))
                .body("files", everyItem(not(hasKey("ownerId"))))
                .body("files", everyItem(not(hasKey("shareId"))))
                .body("folder", not(hasKey("ownerId")))
                .extract().asString();
        assertThat(json).doesNotContain(u.id());

        given().get("/api/public/" + shareId + "/folder/" + deeper).then().statusCode(200)
                .body("folder._id", equalTo(deeper)).body("folder.parentId", equalTo(sub))
                .body("breadcrumb.name", contains("Holiday", "Day 1", "Morning"))
                .body("rootFolderId", equalTo(root));
        given().get("/api/public/" + shareId + "/folder/" + sub).then().body("files._id", contains(subFile));
        assertThat(given().get("/api/public/" + shareId + "/file/" + subFile + "/download").then().statusCode(200)
                .extract().asByteArray()).isEqualTo("photo".getBytes());
    }

    @Test
    void aShareNeverReachesOutsideItsFolderOrIntoTheTrash() {
        Api.User u = Api.newUser();
        String shared = u.folder("Shared", null);
        String inside = u.folder("Inside", shared);
        String outside = u.folder("Outside", null);
        String outsideFile = u.upload(outside, "private.txt", "private".getBytes());
        String trashedFile = u.upload(inside, "trashed.txt", "gone".getBytes());
        String shareId = u.as().post("/api/folders/" + shared + "/share").path("shareId");
        Api.User other = Api.newUser();
        String othersFile = other.upload(other.folder("X", null), "x.txt", "x".getBytes());

        given().get("/api/public/" + shareId + "/folder/" + outside).then().statusCode(403).body("error", equalTo("Access denied"));
        given().get("/api/public/" + shareId + "/file/" + outsideFile + "/download").then().statusCode(403);
        given().get("/api/public/" + shareId + "/file/" + othersFile + "/download").then().statusCode(403);
        given().get("/api/public/" + shareId + "/file/nonsense/download").then().statusCode(404);
        given().get("/api/public/" + shareId + "/folder/nonsense").then().statusCode(404);

        u.as().delete("/api/files/" + trashedFile).then().statusCode(200);
        given().get("/api/public/" + shareId + "/file/" + trashedFile + "/download").then().statusCode(404);
        u.as().delete("/api/folders/" + inside).then().statusCode(200);
        given().get("/api/public/" + shareId + "/folder/" + inside).then().statusCode(404);
        u.as().delete("/api/folders/" + shared).then().statusCode(200);
        given().get("/api/public/" + shareId).then().statusCode(404).body("error", equalTo("Shared content not found"));
        given().get("/api/public/unknown-share").then().statusCode(404);
    }
}
