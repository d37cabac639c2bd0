package dev.opendrive.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A share id reaches exactly what was shared, while it is shared and not trashed: nothing of a
 * neighbouring folder (not even one whose name starts the same), nothing after revocation, and its
 * listings never show storage keys, owner ids or the share ids of other items.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class PublicShareBoundaryTest {

    @Test
    void aFolderShareNeverReachesASiblingFolder() {
        Api.User u = Api.newUser();
        String a = u.folder("Docs", null);
        String aChild = u.folder("Inner", a);
        String b = u.folder("Docs2", null); // path "/Docs2/" starts like "/Docs"
        String bChild = u.folder("Inner", b);
        String bFile = u.upload(b, "b.txt", "bbb".getBytes());
        String bDeepFile = u.upload(bChild, "deep.txt", "deep".getBytes());
        u.upload(a, "a.txt", "aaa".getBytes());
        String share = u.as().post("/api/folders/" + a + "/share").path("shareId");
        given().get("/api/public/" + share + "/folder/" + aChild).then().statusCode(200);

        for (String path : List.of("/folder/" + b, "/folder/" + bChild, "/file/" + bFile + "/download",
                "/file/" + bDeepFile + "/download", "/file/" + bFile + "/thumbnail")) {
            assertRefused("A's share -> " + path, given().get("/api/public/" + share + path));
        }
    }

    @Test
    void aFileShareReachesOnlyThatFile() {
        Api.User u = Api.newUser();
        String folder = u.folder("F", null);
        String shared = u.upload(folder, "shared.txt", "s".getBytes());
        String sibling = u.upload(folder, "sibling.txt", "t".getBytes());
        String share = u.as().post("/api/files/" + shared + "/share").path("shareId");
        assertRefused("file share -> sibling", given().get("/api/public/" + share + "/file/" + sibling + "/download"));
        assertRefused("file share -> its folder", given().get("/api/public/" + share + "/folder/" + folder));
    }

    @Test
    void revokedSharesAreGone() {
        Api.User u = Api.newUser();
        String folder = u.folder("Revoked", null);
        String sub = u.folder("Sub", folder);
        String inFolder = u.upload(sub, "in.txt", "in".getBytes());
        String file = u.upload(null, "alone.txt", "alone".getBytes());
        String folderShare = u.as().post("/api/folders/" + folder + "/share").path("shareId");
        String fileShare = u.as().post("/api/files/" + file + "/share").path("shareId");
        given().get("/api/public/" + folderShare + "/file/" + inFolder + "/download").then().statusCode(200);
        given().get("/api/public/" + fileShare + "/download").then().statusCode(200);

        u.as().delete("/api/folders/" + folder + "/share").then().statusCode(200);
        u.as().delete("/api/files/" + file + "/share").then().statusCode(200);
        for (String path : List.of(folderShare, folderShare + "/folder/" + sub,
                folderShare + "/file/" + inFolder + "/download", folderShare + "/download", fileShare,
                fileShare + "/download")) {
            Response r = given().get("/api/public/" + path);
            assertThat(r.statusCode()).as("revoked " + path).isEqualTo(404);
            assertThat((String) r.path("error")).isNotNull();
        }
        // sharing again makes a new id; the old one stays dead
        String again = u.as().post("/api/files/" + file + "/share").path("shareId");
        assertThat(again).isNotEqualTo(fileShare);
        given().get("/api/public/" + fileShare).then().statusCode(404);
        given().get("/api/public/" + again).then().statusCode(200);
    }

    @Test
    void listingsLeakNoStorageKeysOwnerIdsOrOtherShareIds() {
        Api.User u = Api.newUser();
        String root = u.folder("Pub", null);
        String sub = u.folder("Sub", root);
        String rootFile = u.upload(root, "r.txt", "r".getBytes());
        String subFile = u.upload(sub, "s.txt", "s".getBytes());
        // children shared on their own: their share ids are credentials of their own
        String subShare = u.as().post("/api/folders/" + sub + "/share").path("shareId");
        String fileShare = u.as().post("/api/files/" + rootFile + "/share").path("shareId");
        String share = u.as().post("/api/folders/" + root + "/share").path("shareId");
        List<String> secrets = List.of(u.id(), subShare, fileShare,
                u.as().get("/api/files/" + rootFile).path("storageKey"),
                u.as().get("/api/files/" + subFile).path("storageKey"));
        for (String path : List.of(share, share + "/folder/" + sub, fileShare, subShare)) {
            String json = given().get("/api/public/" + path).then().statusCode(200).extract().asString();
            assertThat(json).as(path).doesNotContain("storageKey", "ownerId", "thumbnailPath");
            for (String secret : secrets) {
                if (!path.startsWith(secret)) {
                    assertThat(json).as(path).doesNotContain(secret);
                }
            }
        }
    }

    private static void assertRefused(String what, Response r) {
        assertThat(r.statusCode()).as(what + ": " + r.asString()).isIn(403, 404);
        assertThat((String) r.path("error")).as(what).isNotNull();
    }
}
