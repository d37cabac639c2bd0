package dev.opendrive.api.uploads;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.ExternalTools;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The real tus-js-client (npm, its Node build) against this test's running application:
 * src/test/browser/tus-client.mjs uploads in small chunks, aborts midway, resumes with a new client
 * from the stored URL and checks the file through the API. Needs Node.js like the browser journeys:
 * skipped without it, unless OPENDRIVE_REQUIRE_BROWSER=1 (as in CI), where that is a failure.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class TusClientTest {

    private static final ExternalTools TOOLS = new ExternalTools(3);

    @TestHTTPResource("/")
    URL app;

    @Test
    void tusJsClientUploadsAbortsAndResumesFromTheStoredUrl() throws Exception {
        ExternalTools.require(TOOLS.succeeds(List.of("node", "--version")), "Node.js (node) is not on the PATH",
                "OPENDRIVE_REQUIRE_BROWSER", "the tus-js-client test");
        Path scripts = ExternalTools.nodeScripts();
        TOOLS.installNodePackages("tus-js-client");
        ExternalTools.Result result = TOOLS.run(List.of("node", "tus-client.mjs", app.toString().replaceAll("/+$", "")), scripts);
        if (result.exitCode() != 0) {
            fail("tus-js-client journey failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        System.out.println("[tus-js-client]\n" + result.output());
    }
}
