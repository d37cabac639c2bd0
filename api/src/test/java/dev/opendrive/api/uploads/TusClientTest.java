package dev.opendrive.api.uploads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

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

    private static final long TIMEOUT_MINUTES = 3;

    @TestHTTPResource("/")
    URL app;

    @Test
    void tusJsClientUploadsAbortsAndResumesFromTheStoredUrl() throws Exception {
        boolean node = succeeds(List.of("node", "--version"));
        if (!node && "1".equals(System.getenv("OPENDRIVE_REQUIRE_BROWSER"))) {
            fail("Node.js (node) is not on the PATH, and OPENDRIVE_REQUIRE_BROWSER=1 requires the Node tests to run");
        }
        Assumptions.assumeTrue(node, "Node.js (node) is not on the PATH: tus-js-client test skipped");

        Path scripts = moduleDir().resolve("src/test/browser");
        if (!Files.isDirectory(scripts.resolve("node_modules/tus-js-client"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), scripts);
            assertEquals(0, install.exitCode(), "npm ci in " + scripts + " failed:\n" + install.output());
        }
        Result result = run(List.of("node", "tus-client.mjs", app.toString().replaceAll("/+$", "")), scripts);
        if (result.exitCode() != 0) {
            fail("tus-js-client journey failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        System.out.println("[tus-js-client]\n" + result.output());
    }

    /** The api module's directory (Surefire runs there; from the repository root it is api/). */
    private static Path moduleDir() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(here.resolve("src/test/browser")) ? here : here.resolve("api");
    }

    private static boolean succeeds(List<String> command) {
        try {
            return run(command, Path.of(".")).exitCode() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true);
        Path log = Files.createTempFile("opendrive-tus-client", ".log");
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
