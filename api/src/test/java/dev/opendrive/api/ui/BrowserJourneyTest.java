package dev.opendrive.api.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The web UI's browser journeys (src/test/browser/journeys.mjs: playwright-core driving the
 * system Chromium) against this test's running application. Without Chromium or Node the test is
 * skipped, unless OPENDRIVE_REQUIRE_BROWSER=1 (as in CI), where that is a failure. Screenshots of
 * failed journeys go to target/browser-artifacts/.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class BrowserJourneyTest {

    private static final long TIMEOUT_MINUTES = 6;

    @TestHTTPResource("/")
    URL app;

    @ConfigProperty(name = "opendrive.storage.max-file-size")
    long maxFileSize;

    /** Lets the quota journey give its user a quota through the operator route. */
    @ConfigProperty(name = "opendrive.admin.token")
    String adminToken;

    @Test
    void journeysInChromium() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        requireTool(Files.isExecutable(chromium), "Chromium not found at " + chromium
                + " (Debian: apt-get install chromium; or set CHROMIUM_PATH)");
        requireTool(succeeds(List.of("node", "--version")), "Node.js (node) is not on the PATH");

        Path browserDir = moduleDir().resolve("src/test/browser");
        Path artifacts = moduleDir().resolve("target/browser-artifacts");
        Files.createDirectories(artifacts);
        if (!Files.isDirectory(browserDir.resolve("node_modules/playwright-core"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), browserDir, Map.of());
            assertEquals(0, install.exitCode(), "npm ci in " + browserDir + " failed:\n" + install.output());
        }

        String base = app.toString().replaceAll("/+$", "");
        Result journeys = run(List.of("node", "journeys.mjs", base), browserDir, Map.of(
                "OPENDRIVE_MAX_FILE_SIZE", Long.toString(maxFileSize),
                "OPENDRIVE_ADMIN_TOKEN", adminToken,
                "BROWSER_ARTIFACTS", artifacts.toString(),
                "CHROMIUM_PATH", chromium.toString()));
        if (journeys.exitCode() != 0) {
            fail("Browser journeys failed (exit " + journeys.exitCode() + "); screenshots in " + artifacts + "\n"
                    + journeys.output());
        }
        System.out.println("[browser journeys]\n" + journeys.output());
    }

    private static void requireTool(boolean present, String message) {
        if (!present && "1".equals(System.getenv("OPENDRIVE_REQUIRE_BROWSER"))) {
            fail(message + ", and OPENDRIVE_REQUIRE_BROWSER=1 requires the browser journeys to run");
        }
        Assumptions.assumeTrue(present, message + ": browser journeys skipped");
    }

    /** The api module's directory (Surefire runs there; from the repository root it is api/). */
    private static Path moduleDir() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(here.resolve("src/test/browser")) ? here : here.resolve("api");
    }

    private static boolean succeeds(List<String> command) {
        try {
            return run(command, Path.of("."), Map.of()).exitCode() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path dir, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile("opendrive-browser", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8)
                        + "\n(stopped after " + TIMEOUT_MINUTES + " minutes)");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
