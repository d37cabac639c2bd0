package dev.opendrive.api.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class SearchResourceTest {

    @Test
    void findsFilesAndFoldersByNameRankedAndWithTheirFolder() {
        Api.User u = Api.newUser();
        String reports = u.folder("Reports", null);
        String annual = u.upload(reports, "annual report 2024.pdf", "a".getBytes());
        String exact = u.upload(null, "report.pdf", "b".getBytes());
        u.upload(null, "unrelated.txt", "c".getBytes());
        u.as().queryParam("q", "REPORT").get("/api/search").then().statusCode(200)
                .body("files._id", contains(exact, annual))
                .body("files.matches", contains("name", "name"))
                .body("files[1].folderId._id", equalTo(reports))
                .body("files[1].folderId.name", equalTo("Reports"))
                .body("files[1].folderId.path", equalTo("/"))
                .body("folders._id", contains(reports));
        u.as().queryParam("q", "report").queryParam("type", "folders").get("/api/search").then()
                .body("files", empty()).body("folders._id", contains(reports));
        u.as().queryParam("q", "report").queryParam("type", "files").queryParam("limit", 1).queryParam("offset", 1)
                .get("/api/search").then().body("files._id", contains(annual)).body("folders", empty());
    }

    @Test
    void theQueryIsPlainTextNeverARegularExpression() {
        Api.User u = Api.newUser();
        String literal = u.upload(null, "a.*(b)[c]+?.txt", "x".getBytes());
        u.upload(null, "abc.txt", "x".getBytes());
        u.as().queryParam("q", ".*").get("/api/search").then().statusCode(200).body("files._id", contains(literal));
        u.as().queryParam("q", "(b)[").get("/api/search").then().statusCode(200).body("files._id", contains(literal));
        u.as().queryParam("q", "^a").get("/api/search").then().statusCode(200).body("files", empty());
    }

    @Test
    void regexAndQueryOperatorLookalikesMatchOnlyThemselves() {
        Api.User u = Api.newUser();
        u.upload(null, "plain.txt", "x".getBytes());
        u.upload(null, "abc.txt", "x".getBytes());
        String where = u.upload(null, "$where notes.txt", "x".getBytes());
        String range = u.upload(null, "[a-z]+ cheatsheet.txt", "x".getBytes());
        String dollarTail = u.upload(null, "price$.txt", "x".getBytes());
        for (String q : new String[] { "(", ")", "*", "?", "|", "{2}", "a{1,}", "^", "(?i)", "\\Q", "\\E", "\\" }) {
            u.as().queryParam("q", q).get("/api/search").then().statusCode(200).body("files", empty()).body("folders", empty());
        }
        u.as().queryParam("q", "[a-z]+").get("/api/search").then().statusCode(200).body("files._id", contains(range));
        u.as().queryParam("q", "$where").get("/api/search").then().statusCode(200).body("files._id", contains(where));
        u.as().queryParam("q", "{\"$gt\": \"\"}").get("/api/search").then().statusCode(200).body("files", empty());
        u.as().queryParam("q", "e$").get("/api/search").then().statusCode(200).body("files._id", contains(dollarTail));
    }

    @Test
    void aHugeQueryIsRefusedAndTheServerKeepsAnswering() {
        Api.User u = Api.newUser();
        u.as().queryParam("q", "x".repeat(3000)).get("/api/search").then().statusCode(400)
                .body("code", equalTo("QUERY_TOO_LONG"));
        // 100 KB does not fit the HTTP request line (quarkus.http.limits.max-initial-line-length, 4 KB):
        // the HTTP layer refuses it with 414 before any application code runs (and so without a JSON body)
        io.restassured.response.Response huge = u.as().queryParam("q", "a(".repeat(50_000)).get("/api/search");
        if (huge.statusCode() == 400) {
            huge.then().body("code", equalTo("QUERY_TOO_LONG"));
        } else {
            org.assertj.core.api.Assertions.assertThat(huge.statusCode()).isEqualTo(414);
        }
        u.as().queryParam("q", "a").get("/api/search").then().statusCode(200);
    }

    @Test
    void searchIsPerOwnerAndSkipsTrash() {
        Api.User u = Api.newUser();
        Api.User other = Api.newUser();
        other.upload(null, "budget.xlsx", "x".getBytes());
        String mine = u.upload(null, "budget.txt", "x".getBytes());
        String trashed = u.upload(null, "budget-old.txt", "x".getBytes());
        u.as().delete("/api/files/" + trashed).then().statusCode(200);
        u.as().queryParam("q", "budget").get("/api/search").then().body("files._id", contains(mine));
    }

    @Test
    void badQueriesAre400() {
        Api.User u = Api.newUser();
        u.as().get("/api/search").then().statusCode(400).body("error", equalTo("Search query is required"));
        u.as().queryParam("q", "   ").get("/api/search").then().statusCode(400);
        u.as().queryParam("q", "x".repeat(201)).get("/api/search").then().statusCode(400).body("code", equalTo("QUERY_TOO_LONG"));
        u.as().queryParam("q", "x").queryParam("type", "pictures").get("/api/search").then().statusCode(400);
        u.as().queryParam("q", "x").queryParam("limit", 0).get("/api/search").then().statusCode(400);
        u.as().queryParam("q", "x").queryParam("limit", "ten").get("/api/search").then().statusCode(404);
        given().queryParam("q", "x").get("/api/search").then().statusCode(401);
    }
}
