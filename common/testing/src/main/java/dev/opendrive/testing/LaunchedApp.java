package dev.opendrive.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.response.Response;

/**
 * The application a {@code @QuarkusIntegrationTest} launched (the packaged fast-jar, or the native
 * executable with {@code -Dnative}), seen from outside as an operator sees it: its log file, its
 * health routes, and the settings the test resources handed to it. Nothing here reaches into the
 * process, so a suite written with it runs unchanged against a native build.
 */
public final class LaunchedApp {

    private LaunchedApp() {
    }

    /**
     * A setting a test resource passed to the launched app (as {@code -Dname=value}); the
     * integration-test extension also sets it in this JVM for the time of the launch.
     */
    public static String handedTo(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("No test resource handed '" + name + "' to the launched app");
        }
        return value;
    }

    /** The launched app's log: Quarkus writes it to quarkus.log.file.path (target/quarkus.log by default). */
    public static Path logFile() {
        return Path.of(ConfigProvider.getConfig().getOptionalValue("quarkus.log.file.path", String.class)
                .orElse("target/quarkus.log"));
    }

    /** Everything the launched app logged so far ("" before its first line). */
    public static String log() {
        try {
            return Files.readString(logFile(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the log holds every one of {@code lines}; returns the log. */
    public static String awaitLog(Duration timeout, String... lines) {
        await("launched app logs " + List.of(lines)).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> List.of(lines).stream().allMatch(log()::contains));
        return log();
    }

    /** GET /q/health/live: 200 and UP (liveness never depends on the database or Kafka). */
    public static void assertLive() {
        given().get("/q/health/live").then().statusCode(200).body("status", org.hamcrest.Matchers.is("UP"));
    }

    /** GET /q/health/ready as it is now (200 UP or 503 DOWN). */
    public static Response readiness() {
        return given().get("/q/health/ready");
    }

    /** Waits until GET /q/health/ready answers 200 UP (consumers subscribed, database reachable). */
    public static void awaitReady(Duration timeout) {
        await("readiness UP").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> readiness().statusCode() == 200);
    }

    /** The status ("UP"/"DOWN") of the named check in a health answer, or null when it is not there. */
    public static String check(Response health, String name) {
        List<Map<String, Object>> checks = health.jsonPath().getList("checks");
        if (checks == null) {
            return null;
        }
        return checks.stream().filter(c -> name.equals(c.get("name"))).map(c -> String.valueOf(c.get("status")))
                .findFirst().orElse(null);
    }
}
