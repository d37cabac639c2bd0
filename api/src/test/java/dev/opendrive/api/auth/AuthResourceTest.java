package dev.opendrive.api.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class AuthResourceTest {

    @Inject
    JwtSecret secret;

    private static String email() {
        return "a-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void registerReturnsTokenAndUserAndNormalisesEmail() {
        String email = email();
        given().contentType(ContentType.JSON).body(Map.of("email", "  " + email.toUpperCase() + " ", "password", Api.PASSWORD))
                .post("/api/auth/register")
                .then().statusCode(201)
                .body("message", equalTo("User registered successfully"))
                .body("token", notNullValue())
                .body("user.email", equalTo(email))
                .body("user.role", equalTo("admin"))
                .body("user.id", notNullValue());
        // the same address in other case is the same account
        given().contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase(), "password", Api.PASSWORD))
                .post("/api/auth/register")
                .then().statusCode(400).body("error", equalTo("User already exists")).body("code", equalTo("USER_EXISTS"));
        given().contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase(), "password", Api.PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(200).body("message", equalTo("Login successful")).body("user.email", equalTo(email));
    }

    @Test
    void registerRejectsBadInputWith400() {
        given().contentType(ContentType.JSON).body(Map.of("email", email()))
                .post("/api/auth/register").then().statusCode(400).body("error", equalTo("Email and password are required"));
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-email", "password", Api.PASSWORD))
                .post("/api/auth/register").then().statusCode(400).body("code", equalTo("INVALID_EMAIL"));
        given().contentType(ContentType.JSON).body(Map.of("email", email(), "password", "short"))
                .post("/api/auth/register").then().statusCode(400).body("code", equalTo("WEAK_PASSWORD"));
        given().contentType(ContentType.JSON).body(Map.of("email", email(), "password", "x".repeat(73)))
                .post("/api/auth/register").then().statusCode(400).body("code", equalTo("PASSWORD_TOO_LONG"));
        given().contentType(ContentType.JSON).body("{\"email\": {\"$gt\": \"\"}, \"password\": \"whatever12\"}")
                .post("/api/auth/register").then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
        given().contentType(ContentType.JSON).body("{\"email\": \"a@b.co\", \"password\": 12345678}")
                .post("/api/auth/register").then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
        given().contentType(ContentType.JSON).body("{not json")
                .post("/api/auth/register").then().statusCode(400).body("error", notNullValue());
        given().contentType(ContentType.JSON).body("[1,2]")
                .post("/api/auth/register").then().statusCode(400).body("code", equalTo("INVALID_BODY"));
    }

    @Test
    void loginFailsTheSameWayForUnknownEmailAndWrongPassword() {
        Api.User user = Api.newUser();
        given().contentType(ContentType.JSON).body(Map.of("email", user.email(), "password", "wrong password"))
                .post("/api/auth/login").then().statusCode(401).body("error", equalTo("Invalid credentials"));
        given().contentType(ContentType.JSON).body(Map.of("email", email(), "password", "wrong password"))
                .post("/api/auth/login").then().statusCode(401).body("error", equalTo("Invalid credentials"));
    }

    @Test
    void meNeedsAValidToken() {
        Api.User user = Api.newUser();
        user.as().get("/api/auth/me").then().statusCode(200).body("user.id", equalTo(user.id()))
                .body("user.email", equalTo(user.email()));
        given().get("/api/auth/me").then().statusCode(401).body("error", equalTo("Access denied. No token provided."));
        given().header("Authorization", "Bearer not.a.token").get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("Invalid token."));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("Access denied. No token provided."));
    }

    @Test
    void expiredNoneAlgorithmAndForeignKeyTokensAreRejected() {
        Api.User user = Api.newUser();
        String expired = Jwt.claim("userId", user.id()).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).jws().algorithm(SignatureAlgorithm.HS256).sign(secret.key());
        given().header("Authorization", "Bearer " + expired).get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("Invalid token."));

        String foreign = Jwt.claim("userId", user.id()).expiresAt(Instant.now().plusSeconds(3600)).jws()
                .algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8),
                        "HmacSHA256"));
        given().header("Authorization", "Bearer " + foreign).get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("Invalid token."));

        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"userId\":\"" + user.id() + "\",\"exp\":" + (Instant.now().getEpochSecond() + 3600)
                        + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        given().header("Authorization", "Bearer " + none).get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("Invalid token."));
    }

    @Test
    void tokenOfTheOldServiceFormatIsAccepted() {
        // jsonwebtoken.sign({userId}, JWT_SECRET, {expiresIn: '7d'}) has only userId, iat, exp.
        Api.User user = Api.newUser();
        String legacy = Jwt.claim("userId", user.id()).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(600))
                .jws().algorithm(SignatureAlgorithm.HS256).sign(secret.key());
        given().header("Authorization", "Bearer " + legacy).get("/api/auth/me").then().statusCode(200)
                .body("user.id", equalTo(user.id()));
    }

    @Test
    void tokenOfADeletedUserIsRefused() {
        String id = new org.bson.types.ObjectId().toHexString();
        String token = Jwt.claim("userId", id).expiresAt(Instant.now().plusSeconds(600)).jws()
                .algorithm(SignatureAlgorithm.HS256).sign(secret.key());
        given().header("Authorization", "Bearer " + token).get("/api/auth/me")
                .then().statusCode(401).body("error", equalTo("User not found."));
    }

    @Test
    void repeatedFailedLoginsAreThrottledPerAccountWithRetryAfter() {
        Api.User user = Api.newUser();
        for (int i = 0; i < 10; i++) {
            given().contentType(ContentType.JSON).body(Map.of("email", user.email(), "password", "wrong-" + i))
                    .post("/api/auth/login").then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body(Map.of("email", user.email(), "password", Api.PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(429)
                .header("Retry-After", notNullValue())
                .header("RateLimit-Limit", equalTo("10"))
                .body("error", equalTo("Too many authentication attempts, please try again after 15 minutes"));
        // another account from the same address is not locked out
        Api.User other = Api.newUser();
        given().contentType(ContentType.JSON).body(Map.of("email", other.email(), "password", Api.PASSWORD))
                .post("/api/auth/login").then().statusCode(200);
    }

    @Test
    void successfulLoginsAreNotThrottled() {
        Api.User user = Api.newUser();
        for (int i = 0; i < 15; i++) {
            given().contentType(ContentType.JSON).body(Map.of("email", user.email(), "password", Api.PASSWORD))
                    .post("/api/auth/login").then().statusCode(200);
        }
    }
}
