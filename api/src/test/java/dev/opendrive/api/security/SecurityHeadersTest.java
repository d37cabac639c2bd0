package dev.opendrive.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.security.AccessMatrixTest.Route;
import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The browser-facing security headers on every response: each route of the OpenAPI document (with
 * and without a token, so success and error answers both), the error statuses the API produces,
 * downloads, preflight, static UI files. API responses carry a policy that allows nothing; UI pages
 * carry their own. No HSTS over plain http (see {@link BehindHttpsProxyTest}).
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class SecurityHeadersTest {

    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /** Collects every missing or wrong header instead of stopping at the first. */
    static final class Check {
        final List<String> failures = new ArrayList<>();
        int checked;

        void common(String what, Response r) {
            checked++;
            expect(what, r, "X-Content-Type-Options", "nosniff");
            expect(what, r, "Referrer-Policy", "no-referrer");
            expect(what, r, "X-Frame-Options", "DENY");
            if (r.header("Strict-Transport-Security") != null) {
                failures.add(what + ": HSTS over plain http");
            }
        }

        void api(String what, Response r) {
            common(what, r);
            expect(what, r, "Content-Security-Policy", API_CSP);
        }

        void ui(String what, Response r) {
            common(what, r);
            String csp = r.header("Content-Security-Policy");
            if (csp == null || !csp.contains("script-src 'self'") || !csp.contains("frame-ancestors 'none'")
                    || csp.contains("unsafe-inline") || csp.contains("sandbox")) {
                failures.add(what + " -> " + r.statusCode() + ": UI policy expected, got " + csp);
            }
        }

        private void expect(String what, Response r, String header, String value) {
            List<String> values = r.headers().getValues(header);
            if (values.size() != 1 || !value.equals(values.get(0))) {
                failures.add(what + " -> " + r.statusCode() + ": " + header + " " + values);
            }
        }
    }

    @Test
    void everyApiRouteWithAndWithoutATokenCarriesTheApiHeaders() {
        Api.User owner = Api.newUser();
        String folder = owner.folder("Headers", null);
        String file = owner.upload(folder, "h.txt", "h".getBytes());
        String share = owner.as().post("/api/folders/" + folder + "/share").path("shareId");
        Map<String, String> ids = Map.of("id", file, "fileId", file, "folderId", folder, "shareId", share);
        List<Route> routes = new AccessMatrixTest().routes();
        assertThat(routes).hasSizeGreaterThan(30);
        Check check = new Check();
        for (Route route : routes) {
            String path = fill(route, ids);
            for (boolean withToken : new boolean[] { false, true }) {
                RequestSpecification request = withToken ? owner.as() : given();
                Response r = send(request.accept("application/json"), route.method(), path);
                String what = route + (withToken ? " as owner" : " anonymous");
                if (route.path().startsWith("/api/")) {
                    check.api(what, r);
                } else {
                    check.common(what, r);
                }
            }
        }
        assertThat(check.checked).isGreaterThan(60);
        assertThat(check.failures).isEmpty();
    }

    @Test
    void errorAnswersCarryTheApiHeaders() {
        Api.User u = Api.newUser();
        Check check = new Check();
        check.api("400 bad JSON", expect(400, given().contentType(ContentType.JSON).body("{not json")
                .post("/api/auth/register")));
        check.api("400 bad upload field", expect(400, u.as().multiPart("file", "a.txt", "a".getBytes())
                .post("/api/files")));
        check.api("401", expect(401, given().get("/api/files/trash/list")));
        check.api("404 route", expect(404, given().get("/api/no-such-route")));
        check.api("404 id", expect(404, u.as().get("/api/files/" + new org.bson.types.ObjectId())));
        check.api("405", expect(405, given().patch("/api/auth/login")));
        check.api("413", expect(413, u.as().multiPart("files", "big.bin", new byte[4 * 1024 * 1024 + 1])
                .post("/api/files")));
        check.api("415", expect(415, u.as().contentType(ContentType.JSON).body("{}").post("/api/files")));
        check.api("416", expect(416, u.as().header("Range", "bytes=99-")
                .get("/api/files/" + u.upload(null, "r.txt", "r".getBytes()) + "/download")));
        Api.User locked = Api.newUser();
        for (int i = 0; i < 10; i++) {
            given().contentType(ContentType.JSON).body(Map.of("email", locked.email(), "password", "wrong " + i))
                    .post("/api/auth/login");
        }
        check.api("429", expect(429, given().contentType(ContentType.JSON)
                .body(Map.of("email", locked.email(), "password", "wrong")).post("/api/auth/login")));
        check.api("403 bad link", expect(403, given().get("/api/links/" + new org.bson.types.ObjectId())));
        assertThat(check.failures).isEmpty();
    }

    @Test
    void downloadsPreflightAndConditionalAnswersCarryTheApiHeaders() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "d.txt", "download me".getBytes());
        String download = "/api/files/" + id + "/download";
        Check check = new Check();
        check.api("owner download", expect(200, u.as().get(download)));
        check.api("range", expect(206, u.as().header("Range", "bytes=0-1").get(download)));
        String etag = u.as().get(download).header("ETag");
        check.api("304", expect(304, u.as().header("If-None-Match", etag).get(download)));
        String share = u.as().post("/api/files/" + id + "/share").path("shareId");
        check.api("public download", expect(200, given().get("/api/public/" + share + "/download")));
        URI link = URI.create(u.as().get("/api/files/" + id + "/link").path("url"));
        check.api("signed link", expect(200, given().urlEncodingEnabled(false)
                .get(link.getPath() + "?" + link.getRawQuery())));
        check.api("preflight", expect(200, given().header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "DELETE").options(download)));
        check.api("HEAD", expect(200, u.as().head(download)));
        assertThat(check.failures).isEmpty();
    }

    @Test
    void uiPagesAndAssetsCarryTheUiPolicy() {
        Check check = new Check();
        check.ui("UI shell", expect(200, given().accept("text/html").get("/")));
        check.ui("share page", expect(200, given().accept("text/html").get("/public/abc")));
        check.ui("script", expect(200, given().get("/app/js/main.js")));
        check.ui("stylesheet", expect(200, given().get("/app/css/app.css")));
        check.ui("missing asset", given().get("/app/js/nothing.js"));
        check.common("health JSON at /", expect(200, given().accept("application/json").get("/")));
        check.common("OpenAPI", expect(200, given().get("/q/openapi")));
        check.common("liveness", expect(200, given().get("/q/health/live")));
        // without TRUST_PROXY a client cannot claim https: no HSTS on what was plain http
        check.api("X-Forwarded-Proto from an untrusted client", expect(200,
                given().header("X-Forwarded-Proto", "https").get("/api/health")));
        check.ui("X-Forwarded-Proto from an untrusted client", expect(200,
                given().header("X-Forwarded-Proto", "https").accept("text/html").get("/")));
        assertThat(check.failures).isEmpty();
    }

    private static Response expect(int status, Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        return r;
    }

    private static String fill(Route route, Map<String, String> ids) {
        Matcher m = AccessMatrixTest.PARAM.matcher(route.path());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = "id".equals(name) && route.path().startsWith("/api/folders/") ? ids.get("folderId")
                    : ids.getOrDefault(name, "x");
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Response send(RequestSpecification request, String method, String path) {
        RequestSpecification r = "post".equals(method) && "/api/files".equals(path)
                ? request.multiPart("files", "x.txt", "x".getBytes())
                : request.contentType("application/json").body("{\"name\":\"x\"}");
        return r.request(method.toUpperCase(), path);
    }
}
