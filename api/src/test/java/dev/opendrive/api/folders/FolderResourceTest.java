package dev.opendrive.api.folders;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class FolderResourceTest {

    @Test
    void createsRootAndNestedFoldersWithPathAndBreadcrumb() {
        Api.User u = Api.newUser();
        u.as().contentType(ContentType.JSON).body(Map.of("name", "Projects", "parentId", "null")).post("/api/folders")
                .then().statusCode(201)
                .body("name", equalTo("Projects")).body("path", equalTo("/")).body("parentId", nullValue())
                .body("isShared", equalTo(false)).body("deletedAt", nullValue())
                .body("createdAt", org.hamcrest.Matchers.matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        String projects = u.as().get("/api/folders").then().statusCode(200).extract().path("[0]._id");
        String y2026 = u.folder("2026", projects);
        String q1 = u.folder("Q1", y2026);
        u.as().get("/api/folders/" + q1).then().statusCode(200)
                .body("folder.path", equalTo("/Projects/2026/"))
                .body("folder.id", equalTo(q1))
                .body("breadcrumb.name", contains("Projects", "2026", "Q1"))
                .body("subfolders", empty()).body("files", empty());
        u.as().get("/api/folders/" + projects).then().body("subfolders._id", contains(y2026));
        // root listing holds only root folders, newest first
        String archive = u.folder("Archive", null);
        u.as().get("/api/folders").then().body("_id", contains(archive, projects));
    }

    @Test
    void badInputAndOtherUsersFoldersGiveClearErrors() {
        Api.User u = Api.newUser();
        Api.User other = Api.newUser();
        String theirs = other.folder("Private", null);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "  ")).post("/api/folders")
                .then().statusCode(400).body("error", equalTo("Folder name is required"));
        u.as().contentType(ContentType.JSON).body(Map.of("name", "a/b")).post("/api/folders")
                .then().statusCode(400).body("code", equalTo("INVALID_NAME"));
        u.as().contentType(ContentType.JSON).body(Map.of("name", "x", "parentId", "nope")).post("/api/folders")
                .then().statusCode(400).body("error", equalTo("Invalid parent folder ID"));
        u.as().contentType(ContentType.JSON).body(Map.of("name", "x", "parentId", theirs)).post("/api/folders")
                .then().statusCode(404).body("error", equalTo("Parent folder not found"));
        u.as().get("/api/folders/" + theirs).then().statusCode(404).body("error", equalTo("Folder not found"))
                .body("code", equalTo("FOLDER_NOT_FOUND"));
        u.as().get("/api/folders/not-an-id").then().statusCode(404);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "mine")).put("/api/folders/" + theirs).then().statusCode(404);
        u.as().delete("/api/folders/" + theirs).then().statusCode(404);
        u.as().post("/api/folders/" + theirs + "/share").then().statusCode(404);
        u.as().delete("/api/folders/" + theirs + "/permanent").then().statusCode(404);
        given().get("/api/folders").then().statusCode(401).body("error", equalTo("Access denied. No token provided."));
        other.as().get("/api/folders/" + theirs).then().statusCode(200);
    }

    @Test
    void nameConflictsGetANumberedNameAndExplicitRenameConflictsAre409() {
        Api.User u = Api.newUser();
        String a = u.folder("Photos", null);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "photos")).post("/api/folders")
                .then().statusCode(201).body("name", equalTo("photos (1)"));
        String c = u.folder("Other", null);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "PHOTOS")).put("/api/folders/" + c)
                .then().statusCode(409).body("code", equalTo("NAME_CONFLICT"));
        u.as().contentType(ContentType.JSON).body(Map.of("name", "Photos")).put("/api/folders/" + a)
                .then().statusCode(200).body("name", equalTo("Photos"));
    }

    @Test
    void renameAndMoveKeepDescendantPathsRight() {
        Api.User u = Api.newUser();
        String a = u.folder("A", null);
        String b = u.folder("B", a);
        String c = u.folder("C", b);
        String target = u.folder("T", null);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "Alpha")).put("/api/folders/" + a)
                .then().statusCode(200).body("name", equalTo("Alpha"));
        u.as().get("/api/folders/" + c).then().body("folder.path", equalTo("/Alpha/B/"))
                .body("breadcrumb.name", contains("Alpha", "B", "C"));
        u.as().contentType(ContentType.JSON).body(Map.of("parentId", target)).put("/api/folders/" + b)
                .then().statusCode(200).body("path", equalTo("/T/")).body("parentId", equalTo(target));
        u.as().get("/api/folders/" + c).then().body("folder.path", equalTo("/T/B/"))
                .body("breadcrumb.name", contains("T", "B", "C"));
        u.as().get("/api/folders/" + a).then().body("subfolders", empty());
        // into itself or a descendant: 409
        u.as().contentType(ContentType.JSON).body(Map.of("parentId", c)).put("/api/folders/" + b).then().statusCode(409);
        u.as().contentType(ContentType.JSON).body(Map.of("parentId", b)).put("/api/folders/" + b).then().statusCode(409);
        // back to the root
        u.as().contentType(ContentType.JSON).body(Map.of("parentId", "null")).put("/api/folders/" + b)
                .then().statusCode(200).body("path", equalTo("/")).body("parentId", nullValue());
        u.as().get("/api/folders/" + c).then().body("folder.path", equalTo("/B/"));
    }

    @Test
    void trashRestoresExactlyWhatWasTrashedTogether() {
        Api.User u = Api.newUser();
        String a = u.folder("A", null);
        String b = u.folder("B", a);
        String inA = u.upload(a, "a.txt", "in a".getBytes());
        String inB = u.upload(b, "b.txt", "in b".getBytes());
        String earlier = u.upload(b, "old.txt", "trashed before".getBytes());
        u.as().delete("/api/files/" + earlier).then().statusCode(200);

        u.as().delete("/api/folders/" + a).then().statusCode(200).body("message", equalTo("Folder moved to trash"));
        u.as().get("/api/folders/" + a).then().statusCode(404);
        u.as().get("/api/folders/" + b).then().statusCode(404);
        u.as().get("/api/files/" + inB).then().statusCode(404);
        u.as().get("/api/folders").then().body("_id", not(hasItem(a)));
        // only what the user trashed is listed
        u.as().get("/api/folders/trash/list").then().body("_id", contains(a));
        u.as().get("/api/files/trash/list").then().body("_id", contains(earlier));
        u.as().post("/api/folders/" + b + "/restore").then().statusCode(404);

        u.as().post("/api/folders/" + a + "/restore").then().statusCode(200)
                .body("message", equalTo("Folder restored successfully"));
        u.as().get("/api/folders/" + b).then().statusCode(200).body("files._id", contains(inB));
        u.as().get("/api/files/" + inA).then().statusCode(200);
        u.as().get("/api/files/" + earlier).then().statusCode(404);
        u.as().post("/api/folders/" + a + "/restore").then().statusCode(404)
                .body("error", equalTo("Folder not found in trash"));
    }

    @Test
    void permanentDeleteRemovesTheSubtreeAndItsFiles() {
        Api.User u = Api.newUser();
        String a = u.folder("A", null);
        String b = u.folder("B", a);
        String f = u.upload(b, "doc.txt", "content".getBytes());
        u.as().delete("/api/folders/" + a + "/permanent").then().statusCode(200)
                .body("message", equalTo("Folder permanently deleted"));
        u.as().get("/api/folders/" + b).then().statusCode(404);
        u.as().get("/api/files/" + f).then().statusCode(404);
        u.as().get("/api/files/trash/list").then().body("_id", not(hasItem(f)));
        u.as().get("/api/folders/stats/summary").then().body("totalFiles", equalTo(0)).body("totalFolders", equalTo(0));
    }

    @Test
    void emptyTrashDeletesTrashedFoldersOnly() {
        Api.User u = Api.newUser();
        String keep = u.folder("Keep", null);
        String gone1 = u.folder("Gone", null);
        u.folder("Child", gone1);
        String gone2 = u.folder("Gone too", null);
        u.as().delete("/api/folders/" + gone1).then().statusCode(200);
        u.as().delete("/api/folders/" + gone2).then().statusCode(200);
        u.as().post("/api/folders/trash/empty").then().statusCode(200)
                .body("message", equalTo("Folder trash emptied successfully")).body("deletedCount", equalTo(2));
        u.as().get("/api/folders/trash/list").then().body("$", empty());
        u.as().get("/api/folders").then().body("_id", contains(keep));
    }

    @Test
    void shareAndRevoke() {
        Api.User u = Api.newUser();
        String a = u.folder("Shared", null);
        String shareId = u.as().post("/api/folders/" + a + "/share").then().statusCode(200)
                .body("message", equalTo("Share link generated"))
                .body("shareUrl", startsWith("/public/")).extract().path("shareId");
        u.as().post("/api/folders/" + a + "/share").then().body("shareId", equalTo(shareId));
        u.as().get("/api/folders/" + a).then().body("folder.isShared", equalTo(true)).body("folder.shareId", equalTo(shareId));
        given().get("/api/public/" + shareId).then().statusCode(200).body("type", equalTo("folder"));
        u.as().delete("/api/folders/" + a + "/share").then().statusCode(200).body("message", equalTo("Share link revoked"));
        given().get("/api/public/" + shareId).then().statusCode(404).body("error", equalTo("Shared content not found"));
    }

    @Test
    void statsCountOnlyLiveItems() {
        Api.User u = Api.newUser();
        String a = u.folder("A", null);
        u.upload(a, "one.bin", new byte[1000]);
        String two = u.upload(null, "two.bin", new byte[234]);
        u.upload(null, "three.bin", new byte[10]);
        u.as().delete("/api/files/" + two).then().statusCode(200);
        u.as().get("/api/folders/stats/summary").then().statusCode(200)
                .body("totalFolders", equalTo(1)).body("totalFiles", equalTo(2)).body("storageUsed", equalTo(1010));
    }

    @Test
    void patchAlsoRenames() {
        Api.User u = Api.newUser();
        String a = u.folder("Old", null);
        u.as().contentType(ContentType.JSON).body(Map.of("name", "New")).patch("/api/folders/" + a)
                .then().statusCode(200).body("name", equalTo("New"));
        u.as().get("/api/folders").then().body("name", hasSize(1)).body("[0].name", equalTo("New"));
    }
}
