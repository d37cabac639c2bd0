package dev.opendrive.api.json;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * JSON bodies bound to request records: a missing or null body, a mistyped field and the difference
 * between a move target that is absent (stay) and one that is null (the root).
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class RequestBodiesTest {

    @Test
    void aMissingOrNullBodyIsInvalidBody() {
        Api.User u = Api.newUser();
        String folder = u.folder("Body", null);
        for (String body : new String[] { "", "  ", "null" }) {
            given().contentType(ContentType.JSON).body(body).post("/api/auth/login").then().statusCode(400)
                    .body("code", equalTo("INVALID_BODY")).body("error", equalTo("A JSON object body is required"));
            u.as().contentType(ContentType.JSON).body(body).put("/api/folders/" + folder).then().statusCode(400)
                    .body("code", equalTo("INVALID_BODY")).body("error", equalTo("A JSON object body is required"));
        }
        u.as().contentType(ContentType.JSON).body("\"name\"").post("/api/folders").then().statusCode(400)
                .body("code", equalTo("INVALID_BODY")).body("error", equalTo("The request body must be a JSON object"));
    }

    @Test
    void aStringFieldTakesOnlyAString() {
        Api.User u = Api.newUser();
        String folder = u.folder("Typed", null);
        for (String value : new String[] { "true", "1.5", "{\"a\": 1}", "[\"x\"]" }) {
            u.as().contentType(ContentType.JSON).body("{\"name\": \"n\", \"parentId\": " + value + "}")
                    .put("/api/folders/" + folder).then().statusCode(400).body("code", equalTo("INVALID_FIELD"))
                    .body("error", equalTo("Field 'parentId' must be a string"));
        }
    }

    @Test
    void anAbsentMoveTargetStaysAndANullOneMovesToTheRoot() {
        Api.User u = Api.newUser();
        String parent = u.folder("Parent", null);
        String child = u.folder("Child", parent);
        String file = u.upload(parent, "f.txt", "x".getBytes());

        u.as().contentType(ContentType.JSON).body("{}").put("/api/folders/" + child).then().statusCode(400)
                .body("code", equalTo("NAME_REQUIRED"));
        u.as().contentType(ContentType.JSON).body("{\"name\": null}").put("/api/files/" + file).then().statusCode(400)
                .body("code", equalTo("NAME_REQUIRED"));

        u.as().contentType(ContentType.JSON).body("{\"name\": \"Renamed\"}").put("/api/folders/" + child).then()
                .statusCode(200).body("parentId", equalTo(parent));
        u.as().contentType(ContentType.JSON).body("{\"parentId\": null}").put("/api/folders/" + child).then()
                .statusCode(200).body("parentId", nullValue()).body("path", equalTo("/"));
        u.as().contentType(ContentType.JSON).body("{\"folderId\": null}").put("/api/files/" + file).then()
                .statusCode(200).body("folderId", nullValue());
    }
}
