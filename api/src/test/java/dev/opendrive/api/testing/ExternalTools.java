package dev.opendrive.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Real clients as tests (Chromium through Playwright, tus-js-client, litmus, rclone, davfs2): runs
 * them as processes with a time limit, their output kept for the failure message, and decides what
 * a missing one means: skipped on a developer's machine, a failure where CI asked for it.
 */
public final class ExternalTools {

    private final long timeoutMinutes;

    public ExternalTools(long timeoutMinutes) {
        this.timeoutMinutes = timeoutMinutes;
    }

    public record Result(int exitCode, String output) {
    }

    public Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        return run(command, dir, Map.of());
    }

    public Result run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile("opendrive-external-tool", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8)
                        + "\n(stopped after " + timeoutMinutes + " minutes)");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    public boolean succeeds(List<String> command) {
        try {
            return run(command, Path.of(".")).exitCode() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Goes on when the tool is {@code present}; otherwise fails when the environment variable
     * {@code requiredBy} is "1" (CI sets it), else skips the test, both saying {@code reason}.
     */
    public static void require(boolean present, String reason, String requiredBy, String whatRuns) {
        if (!present && "1".equals(System.getenv(requiredBy))) {
            fail(reason + ", and " + requiredBy + "=1 requires " + whatRuns + " to run");
        }
        Assumptions.assumeTrue(present, reason + ": " + whatRuns + " skipped");
    }

    /** The api module's Node scripts (src/test/browser; Surefire runs in api/, an IDE maybe in the root). */
    public static Path nodeScripts() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path module = Files.isDirectory(here.resolve("src/test/browser")) ? here : here.resolve("api");
        return module.resolve("src/test/browser");
    }

    /** The api module's directory. */
    public static Path moduleDir() {
        return nodeScripts().getParent().getParent().getParent();
    }

    /** Installs the scripts' npm packages (package-lock.json) unless {@code node_modules/<marker>} is there. */
    public void installNodePackages(String marker) throws IOException, InterruptedException {
        Path scripts = nodeScripts();
        if (!Files.isDirectory(scripts.resolve("node_modules").resolve(marker))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), scripts);
            assertEquals(0, install.exitCode(), "npm ci in " + scripts + " failed:\n" + install.output());
        }
    }
}
