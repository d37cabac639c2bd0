package dev.opendrive.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.auth.JwtSecret;
import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;

/**
 * Every route the OpenAPI document lists, against every kind of bad credential and against another
 * user's ids. Generated from the route list: a new authenticated route is covered without anyone
 * remembering to add it, and a new public route must be declared here on purpose.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class AccessMatrixTest {

    /** Routes that answer without a user token, each for a stated reason. */
    static final List<String> PUBLIC = List.of(
            "/", "/health", "/api/health", // health, as the old service
            "/api/auth/login", "/api/auth/register", // how a token is obtained
            "/api/public/", "/public/", // share links: the share id is the credential
            "/api/links/", // signed download links: the signature is the credential
            "/api/config", // upload limits, read before uploading
            "/api/admin/"); // operator routes: the ADMIN_TOKEN header is the credential

    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    @Inject
    JwtSecret secret;

    record Route(String method, String path) {
        boolean isPublic() {
            return PUBLIC.stream().anyMatch(p -> p.endsWith("/") && p.length() > 1 ? path.startsWith(p) : path.equals(p));
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    @SuppressWarnings("unchecked")
    List<Route> routes() {
        Map<String, Map<String, Object>> paths = given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<Route> routes = new ArrayList<>();
        paths.forEach((path, ops) -> ops.keySet().stream().filter(METHODS::contains)
                .forEach(m -> routes.add(new Route(m, path))));
        return routes;
    }

    @Test
    void everyAuthenticatedRouteRefusesMissingAndBadTokens() {
        List<Route> authenticated = routes().stream().filter(r -> !r.isPublic()).toList();
        assertThat(authenticated).hasSizeGreaterThan(25);
        Api.User victim = Api.newUser();
        Map<String, String> ids = ids(victim);
        Map<String, String> badTokens = Map.of(
                "expired", Jwt.claim("userId", victim.id()).issuedAt(Instant.now().minusSeconds(7200))
                        .expiresAt(Instant.now().minusSeconds(3600)).jws().algorithm(SignatureAlgorithm.HS256)
                        .sign(secret.key()),
                "signed with another key", Jwt.claim("userId", victim.id()).expiresAt(Instant.now().plusSeconds(3600))
                        .jws().algorithm(SignatureAlgorithm.HS256).sign(new SecretKeySpec(
                                "not-the-server-secret-not-the-server-secret".getBytes(StandardCharsets.UTF_8),
                                "HmacSHA256")),
                "alg none", unsigned(victim.id()),
                "garbage", "abc.def.ghi");
        List<String> failures = new ArrayList<>();
        for (Route route : authenticated) {
            String path = fill(route, ids);
            Response none = send(given(), route.method(), path);
            if (none.statusCode() != 401 || !"Access denied. No token provided.".equals(none.path("error"))) {
                failures.add(route + " without token -> " + none.statusCode() + " " + none.asString());
            }
            badTokens.forEach((kind, token) -> {
                Response r = send(given().header("Authorization", "Bearer " + token), route.method(), path);
                if (r.statusCode() != 401 || !"Invalid token.".equals(r.path("error"))) {
                    failures.add(route + " with " + kind + " token -> " + r.statusCode() + " " + r.asString());
                }
            });
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void anotherUsersIdsAreNotFoundOnEveryRouteThatTakesOne() {
        Api.User victim = Api.newUser();
        Api.User intruder = Api.newUser();
        Map<String, String> ids = ids(victim);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Route route : routes()) {
            if (route.isPublic() || !PARAM.matcher(route.path()).find()) {
                continue;
            }
            checked++;
            Response r = send(intruder.as(), route.method(), fill(route, ids));
            if (r.statusCode() != 404) {
                failures.add(route + " by another user -> " + r.statusCode() + " " + r.asString());
            }
        }
        assertThat(checked).isGreaterThan(15);
        assertThat(failures).isEmpty();
        // and the ids were real: the owner reaches them
        victim.as().get("/api/files/" + ids.get("file")).then().statusCode(200);
        victim.as().get("/api/folders/" + ids.get("folder")).then().statusCode(200);
        victim.as().get("/api/files/" + ids.get("file") + "/versions/" + ids.get("version") + "/download").then()
                .statusCode(200);
    }

    private static Map<String, String> ids(Api.User owner) {
        String folder = owner.folder("Private", null);
        String file = owner.upload(folder, "secret.txt", "secret".getBytes());
        // an earlier content of the file, for the version routes
        owner.as().contentType("application/octet-stream").body("secret, revised".getBytes())
                .queryParam("name", "secret.txt").queryParam("folderId", folder).queryParam("onConflict", "version")
                .put("/api/files/content").then().statusCode(200);
        String version = owner.as().get("/api/files/" + file + "/versions").then().statusCode(200).extract()
                .path("versions[1].versionId");
        String upload = owner.as().header("Tus-Resumable", "1.0.0").header("Upload-Length", 100)
                .header("Upload-Metadata", "filename " + Base64.getEncoder().encodeToString("secret.bin".getBytes()))
                .post("/api/uploads").then().statusCode(201).extract().header("Location");
        String appPassword = owner.as().contentType("application/json").body("{\"name\":\"webdav\"}")
                .post("/api/auth/app-passwords").then().statusCode(201).extract().path("id");
        return Map.of("folder", folder, "file", file, "version", version,
                "upload", upload.substring(upload.lastIndexOf('/') + 1), "appPassword", appPassword);
    }

    /** Fills path parameters with the victim's ids: the kind follows from the route. */
    private static String fill(Route route, Map<String, String> ids) {
        Matcher m = PARAM.matcher(route.path());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String kind = switch (name) {
                case "folderId" -> "folder";
                case "fileId" -> "file";
                case "versionId" -> "version";
                case "id" -> route.path().startsWith("/api/folders/") ? "folder"
                        : route.path().startsWith("/api/uploads/") ? "upload"
                        : route.path().startsWith("/api/auth/app-passwords/") ? "appPassword" : "file";
                default -> throw new AssertionError("unknown path parameter {" + name + "} in " + route
                        + ": teach AccessMatrixTest which resource it names");
            };
            m.appendReplacement(out, ids.get(kind));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The body each route takes, so the answer is about credentials and not about a wrong body. */
    private static Response send(RequestSpecification request, String method, String path) {
        RequestSpecification r = "post".equals(method) && "/api/files".equals(path)
                ? request.multiPart("files", "x.txt", "x".getBytes())
                : path.startsWith("/api/uploads") // tus: its version, offset and body type
                        ? request.header("Tus-Resumable", "1.0.0").header("Upload-Offset", 0).header("Upload-Length", 1)
                                .contentType("application/offset+octet-stream").body("x".getBytes())
                        : request.contentType("application/json").body("{\"name\":\"x\"}");
        return r.request(method.toUpperCase(), path);
    }

    private static String unsigned(String userId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"userId\":\"" + userId + "\",\"exp\":" + (Instant.now().getEpochSecond() + 3600)
                        + "}").getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
