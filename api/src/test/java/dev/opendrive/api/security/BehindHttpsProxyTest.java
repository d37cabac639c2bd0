package dev.opendrive.api.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Behind a TLS-terminating proxy (TRUST_PROXY=true) and over direct TLS. HSTS only for requests that arrived over HTTPS: over TLS on this server, or through a trusted
 * proxy that says X-Forwarded-Proto: https (TRUST_PROXY=true, as on Cloud Run). Plain http never
 * gets it. That X-Forwarded-Proto is ignored without TRUST_PROXY is checked in
 * {@link SecurityHeadersTest}, which runs with the default configuration. Registrations are limited
 * per client address, which behind a trusted proxy is the forwarded one.
 */
@QuarkusTest
@TestProfile(BehindHttpsProxyTest.HttpsAndTrustedProxy.class)
@QuarkusTestResource(MongoTestResource.class)
class BehindHttpsProxyTest {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    /** TRUST_PROXY=true, three registrations per address, a 1 MB request limit, and a TLS listener with a throwaway self-signed certificate. */
    public static class HttpsAndTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path keystore = Path.of("target", "hsts-test-keystore.p12").toAbsolutePath();
            try {
                Files.deleteIfExists(keystore);
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "localhost", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                        "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                        "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
                if (keytool.waitFor() != 0) {
                    throw new IllegalStateException("keytool failed");
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.tls.key-store.p12.path", keystore.toString(),
                    "quarkus.tls.key-store.p12.password", "changeit",
                    "quarkus.http.test-ssl-port", "0",
                    "opendrive.auth.register.max-attempts", "3",
                    "quarkus.http.limits.max-body-size", "1M");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    /** API JSON, an API error, the UI page, a static asset and a preflight: all must agree. */
    static final List<String> PATHS = List.of("/api/health", "/api/files/trash/list", "/api/no-such-route",
            "/app/js/main.js", "/");

    @Test
    void directTlsGetsHsts() {
        assertThat(https.getProtocol()).isEqualTo("https");
        for (String path : PATHS) {
            Response r = given().relaxedHTTPSValidation().baseUri(https.toString().replaceAll("/$", "")).port(https.getPort())
                    .accept(path.equals("/") ? "text/html" : "application/json").get(path);
            assertThat(r.header("Strict-Transport-Security")).as("https " + path + " -> " + r.statusCode()).isEqualTo(HSTS);
        }
    }

    @Test
    void forwardedHttpsFromATrustedProxyGetsHstsAndPlainHttpDoesNot() {
        for (String path : PATHS) {
            RequestSpecification proxied = given().header("X-Forwarded-Proto", "https")
                    .accept(path.equals("/") ? "text/html" : "application/json");
            Response r = proxied.get(path);
            assertThat(r.header("Strict-Transport-Security")).as("forwarded https " + path + " -> " + r.statusCode())
                    .isEqualTo(HSTS);
            Response plain = given().accept(path.equals("/") ? "text/html" : "application/json").get(path);
            assertThat(plain.header("Strict-Transport-Security")).as("http " + path).isNull();
            Response forwardedHttp = given().header("X-Forwarded-Proto", "http").get(path);
            assertThat(forwardedHttp.header("Strict-Transport-Security")).as("forwarded http " + path).isNull();
        }
        Response preflight = given().header("X-Forwarded-Proto", "https").header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "DELETE").options("/api/files/abc");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.header("Strict-Transport-Security")).isEqualTo(HSTS);
    }

    @Test
    void registrationsPerForwardedAddressAreLimitedWith429RetryAfterAndJson() {
        String address = "203.0.113." + (1 + new java.util.Random().nextInt(250));
        for (int i = 0; i < 3; i++) {
            given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                    .body(Map.of("email", "r" + i + "-" + UUID.randomUUID() + "@example.com", "password", "long enough pw"))
                    .post("/api/auth/register").then().statusCode(201);
        }
        Response limited = given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("email", UUID.randomUUID() + "@example.com", "password", "long enough pw"))
                .post("/api/auth/register");
        limited.then().statusCode(429).contentType(ContentType.JSON)
                .body("error", equalTo("Too many authentication attempts, please try again after 15 minutes"))
                .body("code", equalTo("RATE_LIMITED"))
                .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "0");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
        // another address behind the same proxy is not affected
        given().header("X-Forwarded-For", "198.51.100.9").contentType(ContentType.JSON)
                .body(Map.of("email", UUID.randomUUID() + "@example.com", "password", "long enough pw"))
                .post("/api/auth/register").then().statusCode(201);
    }

    /** MAX_BODY_SIZE is enforced by the HTTP layer, before JAX-RS: its 413 must still be a JSON API error. */
    @Test
    void aBodyOverTheRequestLimitIsA413JsonErrorWithTheApiHeaders() {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("email", UUID.randomUUID() + "@example.com", "password", "long enough pw"))
                .post("/api/auth/register").then().statusCode(201).extract().path("token");
        byte[] big = new byte[2 * 1024 * 1024];
        // as a browser sends a form: with its Content-Length
        String boundary = "----opendrive" + UUID.randomUUID();
        java.io.ByteArrayOutputStream form = new java.io.ByteArrayOutputStream();
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes());
        form.writeBytes(big);
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes());
        assertRefusedAsTooLarge(given().header("Authorization", "Bearer " + token)
                .config(io.restassured.config.RestAssuredConfig.config().encoderConfig(io.restassured.config.EncoderConfig
                        .encoderConfig().encodeContentTypeAs("multipart/form-data", ContentType.BINARY)))
                .contentType("multipart/form-data; boundary=" + boundary).body(form.toByteArray()).post("/api/files"));
        assertRefusedAsTooLarge(given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + "a".repeat(big.length) + "\"}").post("/api/auth/login"));
    }

    private static void assertRefusedAsTooLarge(Response r) {
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat((String) r.path("error")).isNotNull();
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Content-Security-Policy")).isEqualTo(SecurityHeadersTest.API_CSP);
        assertThat(r.header("Strict-Transport-Security")).isNull();
    }
}
