package dev.opendrive.api.search;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import dev.opendrive.model.search.SearchIndexDocument;
import dev.opendrive.model.search.SearchIndexRepository;

/**
 * Content search end to end in the monolith: uploads publish events, the embedded search indexer
 * handles them asynchronously on the in-process bus, so every expectation that depends on the
 * index is polled for a bounded time.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class ContentSearchTest {

    private static final long WAIT_MS = 10_000;

    @Inject
    SearchIndexRepository index;

    @Test
    void findsAWordFromTheContentOfTextAndPdfFiles() throws IOException {
        Api.User u = Api.newUser();
        String txt = u.upload(null, "notes.txt", "Minutes: the zeppelin arrives on Tuesday.".getBytes(StandardCharsets.UTF_8));
        String pdf = u.upload(null, "scan.pdf", pdf("Invoice for one aardvark, paid in full"));
        eventually(() -> assertThat(fileIds(u, "zeppelin")).containsExactly(txt));
        eventually(() -> assertThat(fileIds(u, "aardvark")).containsExactly(pdf));
        u.as().queryParam("q", "zeppelin").get("/api/search").then().statusCode(200)
                .body("files[0].matches", equalTo("content"))
                .body("files[0].originalName", equalTo("notes.txt"))
                .body("files[0].folderId", equalTo(null))
                .body("folders", empty());
        // words are case- and accent-insensitive, every word is needed, in any order
        assertThat(fileIds(u, "TUESDAY Zeppelin")).containsExactly(txt);
        assertThat(fileIds(u, "zeppelin aardvark")).isEmpty();
        SearchIndexDocument entry = index.findById(new ObjectId(pdf));
        assertThat(entry.mimeType).isEqualTo("application/pdf");
        assertThat(entry.skipped).isNull();
        assertThat(entry.contentTokens).contains("invoice", "aardvark");
    }

    @Test
    void theLastWordMatchesAsAPrefix() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "memo.md", "# Quarterly figures\n\nCrème brûlée for everyone".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "quarterly")).containsExactly(id));
        assertThat(fileIds(u, "quarterly figu")).containsExactly(id);
        assertThat(fileIds(u, "quart")).containsExactly(id);
        // only the last word is a prefix
        assertThat(fileIds(u, "quart figures")).isEmpty();
        // accents folded on both sides
        assertThat(fileIds(u, "creme BRULEE")).containsExactly(id);
        assertThat(fileIds(u, "brûl")).containsExactly(id);
    }

    @Test
    void nameMatchesRankBeforeContentMatchesAndPagingAppliesToTheMergedList() {
        Api.User u = Api.newUser();
        String content = u.upload(null, "shopping.txt", "buy a kiwi and bread".getBytes(StandardCharsets.UTF_8));
        String byWords = u.upload(null, "kiwiBasket.csv", "fruit,count".getBytes(StandardCharsets.UTF_8));
        String exact = u.upload(null, "kiwi.txt", "nothing here".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "kiwi")).containsExactly(exact, byWords, content));
        u.as().queryParam("q", "kiwi").get("/api/search").then()
                .body("files.matches", contains("name", "name", "content"));
        u.as().queryParam("q", "kiwi").queryParam("limit", 1).queryParam("offset", 2).get("/api/search").then()
                .body("files._id", contains(content));
        u.as().queryParam("q", "kiwi").queryParam("limit", 2).get("/api/search").then()
                .body("files._id", contains(exact, byWords));
        // name words: camelCase parts, in any order, the last one as a prefix
        eventually(() -> assertThat(fileIds(u, "basket kiw")).containsExactly(byWords));
        u.as().queryParam("q", "basket kiwi").get("/api/search").then().body("files[0].matches", equalTo("name"));
    }

    @Test
    void digitsAndWordsInsideNamesAreFindable() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "user1_reportFinal_2024.txt", "x".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "final report")).containsExactly(id));
        assertThat(fileIds(u, "user1")).containsExactly(id);
        assertThat(fileIds(u, "2024")).containsExactly(id);
        assertThat(fileIds(u, "user 2024")).containsExactly(id);
    }

    @Test
    void renameIsFoundByTheNewNameOnly() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "projectAlpha.txt", "plain body".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "alpha project")).containsExactly(id));
        u.as().contentType(ContentType.JSON).body(Map.of("name", "projectBeta.txt")).put("/api/files/" + id).then()
                .statusCode(200);
        eventually(() -> assertThat(fileIds(u, "beta project")).containsExactly(id));
        eventually(() -> assertThat(fileIds(u, "alpha project")).isEmpty());
        assertThat(fileIds(u, "alpha")).isEmpty();
        // the content is still indexed after the rename
        assertThat(fileIds(u, "plain body")).containsExactly(id);
        // a move keeps it findable, with its new folder in the result
        String folder = u.folder("Archive", null);
        u.as().contentType(ContentType.JSON).body(Map.of("folderId", folder)).put("/api/files/" + id).then()
                .statusCode(200);
        eventually(() -> assertThat(index.findById(new ObjectId(id)).folderId).isEqualTo(new ObjectId(folder)));
        u.as().queryParam("q", "plain body").get("/api/search").then().body("files[0].folderId._id", equalTo(folder))
                .body("files[0].folderId.name", equalTo("Archive"));
    }

    @Test
    void trashHidesRestoreBringsBackPermanentDeleteRemoves() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "diary.txt", "secret marmalade recipe".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "marmalade")).containsExactly(id));
        u.as().delete("/api/files/" + id).then().statusCode(200);
        assertThat(fileIds(u, "marmalade")).isEmpty();
        u.as().post("/api/files/" + id + "/restore").then().statusCode(200);
        assertThat(fileIds(u, "marmalade")).containsExactly(id);
        u.as().delete("/api/files/" + id + "/permanent").then().statusCode(200);
        assertThat(fileIds(u, "marmalade")).isEmpty();
        eventually(() -> assertThat(index.findById(new ObjectId(id))).isNull());
    }

    @Test
    void filesInATrashedFolderDoNotMatch() {
        Api.User u = Api.newUser();
        String folder = u.folder("Old", null);
        String id = u.upload(folder, "inside.txt", "wombat census".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "wombat")).containsExactly(id));
        u.as().delete("/api/folders/" + folder).then().statusCode(200);
        assertThat(fileIds(u, "wombat")).isEmpty();
        u.as().post("/api/folders/" + folder + "/restore").then().statusCode(200);
        assertThat(fileIds(u, "wombat")).containsExactly(id);
    }

    @Test
    void anotherUsersContentNeverMatches() {
        Api.User owner = Api.newUser();
        Api.User stranger = Api.newUser();
        String id = owner.upload(null, "private.txt", "platypus password hint".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(owner, "platypus")).containsExactly(id));
        assertThat(fileIds(stranger, "platypus")).isEmpty();
        assertThat(fileIds(stranger, "platyp")).isEmpty();
        assertThat(fileIds(stranger, "private")).isEmpty();
    }

    @Test
    void regularExpressionSyntaxInTheQueryIsText() {
        Api.User u = Api.newUser();
        String zeppelin = u.upload(null, "one.txt", "zeppelin".getBytes(StandardCharsets.UTF_8));
        String aardvark = u.upload(null, "two.txt", "aardvark".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "zeppelin")).containsExactly(zeppelin));
        eventually(() -> assertThat(fileIds(u, "aardvark")).containsExactly(aardvark));
        // an alternation would match both files; as text it needs both words in one file
        assertThat(fileIds(u, "(zeppelin|aardvark)")).isEmpty();
        assertThat(fileIds(u, ".*")).isEmpty();
        assertThat(fileIds(u, "^zep")).containsExactly(zeppelin);
        assertThat(fileIds(u, "[a-z]+")).isEmpty();
    }

    @Test
    void htmlIsIndexedWithoutTagsAndScripts() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "page.html", ("<html><head><script>var hiddenscriptword = 1;</script></head>"
                + "<body><p>Visible <b>okapi</b> text</p></body></html>").getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "okapi")).containsExactly(id));
        assertThat(fileIds(u, "hiddenscriptword")).isEmpty();
        assertThat(fileIds(u, "body")).isEmpty();
    }

    @Test
    void reindexRebuildsTheCallersEntries() {
        Api.User u = Api.newUser();
        Api.User other = Api.newUser();
        String a = u.upload(null, "a.txt", "narwhal".getBytes(StandardCharsets.UTF_8));
        String b = u.upload(null, "b.json", "{\"animal\": \"narwhal\"}".getBytes(StandardCharsets.UTF_8));
        String others = other.upload(null, "c.txt", "narwhal".getBytes(StandardCharsets.UTF_8));
        eventually(() -> assertThat(fileIds(u, "narwhal")).containsExactlyInAnyOrder(a, b));
        eventually(() -> assertThat(index.findById(new ObjectId(others))).isNotNull());
        // lose the caller's entries, as after an upgrade
        index.deleteById(new ObjectId(a));
        index.deleteById(new ObjectId(b));
        assertThat(fileIds(u, "narwhal")).isEmpty();
        u.as().post("/api/search/reindex").then().statusCode(200)
                .body("message", equalTo("Search index rebuilt"))
                .body("indexed", equalTo(2));
        assertThat(fileIds(u, "narwhal")).containsExactlyInAnyOrder(a, b);
        assertThat(index.findById(new ObjectId(others))).isNotNull();
        given().post("/api/search/reindex").then().statusCode(401);
        other.as().post("/api/search/reindex").then().statusCode(200).body("indexed", greaterThanOrEqualTo(1));
    }

    private static List<String> fileIds(Api.User u, String q) {
        return u.as().queryParam("q", q).queryParam("type", "files").get("/api/search").then().statusCode(200)
                .extract().jsonPath().getList("files._id", String.class);
    }

    /** Retries the assertion until it holds or the bounded wait is over (then its last failure is thrown). */
    static void eventually(Runnable assertion) {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static byte[] pdf(String text) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
