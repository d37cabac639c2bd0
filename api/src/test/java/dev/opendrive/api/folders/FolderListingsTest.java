package dev.opendrive.api.folders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.opendrive.api.testing.Api;
import dev.opendrive.api.testing.EmbeddedDatabaseProfile;
import dev.opendrive.api.testing.PlanStats;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Folder listings on the monolith's embedded database: opening a folder again is answered without
 * reading the database, and yet every change of the owner's documents, whoever writes it, is in the
 * next listing.
 */
@QuarkusTest
@TestProfile(EmbeddedDatabaseProfile.class)
class FolderListingsTest {

    @Inject
    MongoClient client;

    @Test
    void aFolderOpenedAgainIsTheSameListingWithoutReadingTheDatabase() throws Exception {
        Api.User u = Api.newUser();
        String folder = u.folder("Reports", null);
        u.upload(folder, "a.txt", "alpha".getBytes());
        u.upload(folder, "b.txt", "bravo".getBytes());
        // the search indexer reads and writes the owner's documents after each upload
        u.awaitSearchable("alpha", 1);
        u.awaitSearchable("bravo", 1);
        String first = listing(u, folder);

        PlanStats.reset(client);
        String second = listing(u, folder);

        assertThat(second).isEqualTo(first);
        assertThat(JsonPath.from(second).getList("files.originalName")).containsExactlyInAnyOrder("a.txt", "b.txt");
        assertThat(PlanStats.of(client, "files", "folders")).as("queries of files and folders for the second listing")
                .isEmpty();
    }

    @Test
    void everyChangeThroughTheApiIsInTheNextListing() {
        Api.User u = Api.newUser();
        String folder = u.folder("Work", null);
        String elsewhere = u.folder("Elsewhere", null);
        String a = u.upload(folder, "a.txt", "alpha".getBytes());
        assertThat(names(u, folder)).containsExactly("a.txt");

        String b = u.upload(folder, "b.txt", "bravo".getBytes());
        assertThat(names(u, folder)).containsExactlyInAnyOrder("a.txt", "b.txt");

        u.as().contentType(ContentType.JSON).body(Map.of("name", "renamed.txt")).put("/api/files/" + a).then()
                .statusCode(200);
        assertThat(names(u, folder)).containsExactlyInAnyOrder("renamed.txt", "b.txt");

        u.as().contentType(ContentType.JSON).body(Map.of("folderId", elsewhere)).put("/api/files/" + b).then()
                .statusCode(200);
        assertThat(names(u, folder)).containsExactly("renamed.txt");

        u.as().post("/api/files/" + a + "/share").then().statusCode(200);
        assertThat(JsonPath.from(listing(u, folder)).getBoolean("files[0].isShared")).isTrue();

        String sub = u.folder("Sub", folder);
        assertThat(JsonPath.from(listing(u, folder)).getList("subfolders._id")).containsExactly(sub);

        u.as().contentType(ContentType.JSON).body(Map.of("name", "Work 2026")).put("/api/folders/" + folder).then()
                .statusCode(200);
        assertThat(JsonPath.from(listing(u, sub)).getList("breadcrumb.name")).containsExactly("Work 2026", "Sub");

        u.as().delete("/api/files/" + a).then().statusCode(200);
        assertThat(names(u, folder)).isEmpty();

        u.as().delete("/api/folders/" + folder).then().statusCode(200);
        u.as().get("/api/folders/" + folder).then().statusCode(404).body("code", equalTo("FOLDER_NOT_FOUND"));
    }

    @Test
    void aChangeWrittenStraightToTheDatabaseIsInTheNextListing() {
        // as the thumbnail worker and the search indexer write: not through any API route
        Api.User u = Api.newUser();
        String folder = u.folder("Photos", null);
        String file = u.upload(folder, "sunset.txt", "not a picture".getBytes());
        assertThat(JsonPath.from(listing(u, folder)).getBoolean("files[0].hasThumbnail")).isFalse();

        client.getDatabase("opendrive").getCollection("files").updateOne(Filters.eq("_id", new ObjectId(file)),
                Updates.combine(Updates.set("hasThumbnail", true), Updates.set("originalName", "dawn.txt")));

        JsonPath next = JsonPath.from(listing(u, folder));
        assertThat(next.getBoolean("files[0].hasThumbnail")).isTrue();
        assertThat(next.getString("files[0].originalName")).isEqualTo("dawn.txt");
    }

    @Test
    void anotherUsersChangesLeaveTheListingKept() throws Exception {
        Api.User alice = Api.newUser();
        Api.User bob = Api.newUser();
        String folder = alice.folder("Mine", null);
        alice.upload(folder, "a.txt", "alpha".getBytes());
        alice.awaitSearchable("alpha", 1);
        String before = listing(alice, folder);

        String theirs = bob.folder("Theirs", null);
        bob.upload(theirs, "b.txt", "bravo".getBytes());
        bob.awaitSearchable("bravo", 1);
        PlanStats.reset(client);

        assertThat(listing(alice, folder)).isEqualTo(before);
        assertThat(PlanStats.of(client, "files", "folders")).as("queries of files and folders for alice's listing")
                .isEmpty();
    }

    private static String listing(Api.User u, String folder) {
        return u.as().get("/api/folders/" + folder).then().statusCode(200).contentType(ContentType.JSON).extract()
                .asString();
    }

    private static List<String> names(Api.User u, String folder) {
        return JsonPath.from(listing(u, folder)).getList("files.originalName");
    }
}
