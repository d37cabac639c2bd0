package dev.opendrive.api.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.ExternalTools;
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

    private static final ExternalTools TOOLS = new ExternalTools(6);
    private static final String REQUIRED_BY = "OPENDRIVE_REQUIRE_BROWSER";

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
        ExternalTools.require(Files.isExecutable(chromium), "Chromium not found at " + chromium
                + " (Debian: apt-get install chromium; or set CHROMIUM_PATH)", REQUIRED_BY, "the browser journeys");
        ExternalTools.require(TOOLS.succeeds(List.of("node", "--version")), "Node.js (node) is not on the PATH",
                REQUIRED_BY, "the browser journeys");

        Path browserDir = ExternalTools.nodeScripts();
        Path artifacts = ExternalTools.moduleDir().resolve("target/browser-artifacts");
        Files.createDirectories(artifacts);
        TOOLS.installNodePackages("playwright-core");

        String base = app.toString().replaceAll("/+$", "");
        ExternalTools.Result journeys = TOOLS.run(List.of("node", "journeys.mjs", base), browserDir, Map.of(
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
}
