package dev.opendrive.api.zip;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderRepository;
import dev.opendrive.api.testing.Api;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** Folder, multi-select and public-share downloads as ZIPs, read back with java.util.zip. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class ZipDownloadTest {

    @Inject
    FileRepository files;

    @Inject
    FolderRepository folders;

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aFolderDownloadsAsItsLiveTreeWithEveryByteAndNothingFromTheTrash() {
        Api.User u = Api.newUser();
        String project = u.folder("Project", null);
        String src = u.folder("src", project);
        String empty = u.folder("empty", project);
        String old = u.folder("old", project);
        byte[] readme = "# Project\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        byte[] photo = random(300_000, 1);
        byte[] main = "class Main {}\n".getBytes(StandardCharsets.UTF_8);
        u.upload(project, "readme.md", readme);
        u.upload(project, "photo.bin", photo);
        u.upload(src, "Main.java", main);
        u.upload(old, "in-trashed-folder.txt", "old".getBytes());
        String trashed = u.upload(project, "trashed.txt", "gone".getBytes());
        u.as().delete("/api/files/" + trashed).then().statusCode(200);
        u.as().delete("/api/folders/" + old).then().statusCode(200);

        Response r = u.as().get("/api/folders/" + project + "/download");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        assertThat(r.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"Project.zip\"; filename*=UTF-8''Project.zip");
        Unzipped zip = Unzipped.of(r.asByteArray());
        assertThat(zip.sha256s()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Project/", "dir",
                "Project/empty/", "dir",
                "Project/src/", "dir",
                "Project/src/Main.java", Unzipped.sha256(main),
                "Project/readme.md", Unzipped.sha256(readme),
                "Project/photo.bin", Unzipped.sha256(photo)));
        // a directory comes before what it holds
        List<String> order = List.copyOf(zip.entries().keySet());
        assertThat(order.indexOf("Project/src/")).isLessThan(order.indexOf("Project/src/Main.java"));
        // text is compressed; bytes that do not compress are stored as they are (plus deflate's block headers)
        assertThat(zip.compressedSizes().get("Project/readme.md")).isLessThan(readme.length / 20);
        assertThat(zip.compressedSizes().get("Project/photo.bin")).isBetween((long) photo.length,
                photo.length + photo.length / 1000L);
        assertThat(zip.methods().get("Project/empty/")).isEqualTo(ZipEntry.STORED);
        assertThat(empty).isNotNull();
    }

    @Test
    void theArchiveIsNamedAfterTheFolderInAnyScript() {
        Api.User u = Api.newUser();
        String folder = u.folder("Résumés 日本", null);
        u.as().contentType("application/octet-stream").body("x".getBytes()).queryParam("name", "Ünïcødé 名前.txt")
                .queryParam("folderId", folder).put("/api/files/content").then().statusCode(201);

        Response r = u.as().get("/api/folders/" + folder + "/download");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"R_sum_s __.zip\"; "
                + "filename*=UTF-8''R%C3%A9sum%C3%A9s%20%E6%97%A5%E6%9C%AC.zip");
        assertThat(Unzipped.of(r.asByteArray()).entries().keySet())
                .containsExactly("Résumés 日本/", "Résumés 日本/Ünïcødé 名前.txt");
    }

    @Test
    void someoneElsesTrashedOrUnknownFolderIsNotFoundAndATokenIsRequired() {
        Api.User owner = Api.newUser();
        String folder = owner.folder("Private", null);
        owner.upload(folder, "secret.txt", "secret".getBytes());
        String trashed = owner.folder("Trashed", null);
        owner.as().delete("/api/folders/" + trashed).then().statusCode(200);
        Api.User intruder = Api.newUser();

        for (String id : List.of(folder, new ObjectId().toHexString(), "not-an-id")) {
            intruder.as().get("/api/folders/" + id + "/download").then().statusCode(404)
                    .contentType(ContentType.JSON).body("code", equalTo("FOLDER_NOT_FOUND"))
                    .body("error", equalTo("Folder not found"));
        }
        owner.as().get("/api/folders/" + trashed + "/download").then().statusCode(404)
                .body("code", equalTo("FOLDER_NOT_FOUND"));
        given().get("/api/folders/" + folder + "/download").then().statusCode(401).contentType(ContentType.JSON)
                .body("error", equalTo("Access denied. No token provided."));
        given().contentType(ContentType.JSON).body(Map.of("folderIds", List.of(folder)))
                .post("/api/files/download").then().statusCode(401).contentType(ContentType.JSON);
        select(intruder, Map.of("folderIds", List.of(folder))).then().statusCode(404)
                .body("code", equalTo("FOLDER_NOT_FOUND"));
    }

    @Test
    void storedNamesBecomeSafeEntryNames() {
        Api.User u = Api.newUser();
        String root = u.folder("Legacy", null);
        String dots = u.folder("placeholder", root);
        String a = u.upload(root, "a.txt", "a".getBytes());
        String b = u.upload(root, "b.txt", "b".getBytes());
        String c = u.upload(root, "c.txt", "c".getBytes());
        String d = u.upload(dots, "d.txt", "d".getBytes());
        // names as documents of the old service may hold them: the API itself no longer accepts these
        rename(a, "../../etc/passwd");
        rename(b, "C:\\Windows\\system.ini");
        rename(c, "invoice\u202Egpj.exe\u0000\u0007");
        rename(d, "/absolute.txt");
        FolderDocument dotsFolder = folders.findById(new ObjectId(dots));
        dotsFolder.named("..");
        folders.update(dotsFolder);

        Unzipped zip = folderZip(u, root);

        assertThat(zip.entries().keySet()).containsExactlyInAnyOrder("Legacy/", "Legacy/unnamed/",
                "Legacy/unnamed/_absolute.txt", "Legacy/.._.._etc_passwd", "Legacy/C__Windows_system.ini",
                "Legacy/invoicegpj.exe");
        for (String name : zip.entries().keySet()) {
            assertThat(name).doesNotStartWith("/").doesNotContain("\\");
            assertThat(List.of(name.split("/"))).doesNotContain("..", ".");
            assertThat(name.codePoints()).noneMatch(cp -> Character.isISOControl(cp) || cp == 0x202E);
        }
    }

    @Test
    void namesThatWouldCollideOnDiskGetTheDrivesSuffixes() {
        Api.User u = Api.newUser();
        String root = u.folder("Dupes", null);
        u.folder("notes", root);
        u.upload(root, "notes", "a file named like the folder".getBytes());
        String first = u.upload(root, "Report.pdf", "first".getBytes());
        String second = u.upload(root, "other.pdf", "second".getBytes());
        rename(second, "report.PDF"); // the old service let two names differ only in case

        Unzipped zip = folderZip(u, root);

        assertThat(zip.entries().keySet()).containsExactlyInAnyOrder("Dupes/", "Dupes/notes/", "Dupes/notes (1)",
                "Dupes/Report.pdf", "Dupes/report (1).PDF");
        assertThat(zip.text("Dupes/Report.pdf")).isEqualTo("first");
        assertThat(zip.text("Dupes/report (1).PDF")).isEqualTo("second");
        assertThat(zip.text("Dupes/notes (1)")).isEqualTo("a file named like the folder");
        assertThat(first).isNotNull();
    }

    @Test
    void severalSelectedItemsDownloadAsOneArchiveWithEachItemOnce() {
        Api.User u = Api.newUser();
        String photos = u.folder("Photos", null);
        String day1 = u.folder("Day 1", photos);
        String inDay1 = u.upload(day1, "beach.jpg", "beach".getBytes());
        String loose = u.upload(null, "notes.txt", "notes".getBytes());
        String docs = u.folder("Docs", null);
        String cv = u.upload(docs, "cv.txt", "cv".getBytes());
        String sameName = u.upload(null, "Photos", "a file called Photos".getBytes());

        Response r = select(u,
                Map.of("fileIds", List.of(loose, cv, inDay1, sameName), "folderIds", List.of(photos, day1)));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        assertThat(r.header("Content-Disposition")).matches("attachment; filename=\"drive-download-\\d{8}T\\d{6}Z\\.zip\"; "
                + "filename\\*=UTF-8''drive-download-\\d{8}T\\d{6}Z\\.zip");
        Unzipped zip = Unzipped.of(r.asByteArray());
        assertThat(zip.entries().keySet()).containsExactlyInAnyOrder("Photos/", "Photos/Day 1/",
                "Photos/Day 1/beach.jpg", "notes.txt", "cv.txt", "Photos (1)");
        assertThat(zip.text("Photos (1)")).isEqualTo("a file called Photos");

        select(u, Map.of("fileIds", List.of(), "folderIds", List.of())).then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"));
        select(u, "{}").then().statusCode(400);
        select(u, Map.of("fileIds", List.of(loose, new ObjectId().toHexString()))).then().statusCode(404)
                .body("code", equalTo("FILE_NOT_FOUND"));
        u.as().delete("/api/files/" + loose).then().statusCode(200);
        select(u, Map.of("fileIds", List.of(loose))).then().statusCode(404).body("code", equalTo("FILE_NOT_FOUND"));
    }

    @Test
    void aSharedFolderDownloadsWithoutAnAccountUntilTheShareIsRevoked() {
        Api.User u = Api.newUser();
        String shared = u.folder("Holiday", null);
        String sub = u.folder("Day 1", shared);
        String outside = u.folder("Outside", null);
        byte[] plan = random(50_000, 2);
        u.upload(shared, "plan.bin", plan);
        u.upload(sub, "photo.txt", "photo".getBytes());
        u.upload(outside, "private.txt", "private".getBytes());
        String shareId = u.as().post("/api/folders/" + shared + "/share").path("shareId");

        Response whole = given().get("/api/public/" + shareId + "/download");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.contentType()).isEqualTo("application/zip");
        assertThat(whole.header("Content-Disposition")).startsWith("attachment; filename=\"Holiday.zip\"");
        assertThat(Unzipped.of(whole.asByteArray()).sha256s()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Holiday/", "dir", "Holiday/plan.bin", Unzipped.sha256(plan), "Holiday/Day 1/", "dir",
                "Holiday/Day 1/photo.txt", Unzipped.sha256("photo".getBytes())));
        Response part = given().get("/api/public/" + shareId + "/folder/" + sub + "/download");
        assertThat(Unzipped.of(part.then().statusCode(200).extract().asByteArray()).entries().keySet())
                .containsExactly("Day 1/", "Day 1/photo.txt");
        given().get("/api/public/" + shareId + "/folder/" + outside + "/download").then().statusCode(403)
                .contentType(ContentType.JSON).body("code", equalTo("ACCESS_DENIED"));
        given().get("/api/public/" + shareId + "/folder/nonsense/download").then().statusCode(404);

        u.as().delete("/api/folders/" + shared + "/share").then().statusCode(200);
        given().get("/api/public/" + shareId + "/download").then().statusCode(404).contentType(ContentType.JSON)
                .body("code", equalTo("SHARE_NOT_FOUND"));
        given().get("/api/public/" + shareId + "/folder/" + sub + "/download").then().statusCode(404)
                .body("code", equalTo("SHARE_NOT_FOUND"));
    }

    private static Response select(Api.User u, Object body) {
        return u.as().contentType(ContentType.JSON).body(body).post("/api/files/download");
    }

    private static Unzipped folderZip(Api.User u, String folderId) {
        return Unzipped.of(u.as().get("/api/folders/" + folderId + "/download").then().statusCode(200).extract()
                .asByteArray());
    }

    private void rename(String fileId, String storedName) {
        FileDocument doc = files.findById(new ObjectId(fileId));
        doc.named(storedName);
        files.update(doc);
    }
}
