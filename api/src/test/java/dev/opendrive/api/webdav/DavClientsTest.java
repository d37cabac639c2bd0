package dev.opendrive.api.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.ExternalTools;
import dev.opendrive.api.testing.Api;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Real WebDAV clients from Debian against this test's running application, logged in with an app
 * password: litmus (the protocol test suite), rclone (copy, check, sync both ways) and davfs2 (a
 * mount). A client that is not installed skips its test, unless OPENDRIVE_REQUIRE_DAV_CLIENTS=1 (as
 * in CI: .ci/run installs them), where that is a failure. A davfs2 mount also needs root and FUSE;
 * where the sandbox forbids the mount the test is skipped with the reason.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class DavClientsTest {

    private static final ExternalTools TOOLS = new ExternalTools(5);
    private static final Pattern SUMMARY = Pattern.compile(
            "<- summary for `(\\w+)': of (\\d+) tests run: (\\d+) passed, (\\d+) failed");

    @TestHTTPResource("/")
    URL app;

    private String davUrl() {
        return app.toString().replaceAll("/+$", "") + "/dav/";
    }

    @Test
    void litmusPassesBasicAndCopymoveCompletely() throws Exception {
        requireTool("litmus", "litmus (Debian: apt-get install litmus)");
        Api.User u = Api.newUser();
        String password = WebDavTest.appPassword(u, "litmus");
        Path work = Files.createTempDirectory("opendrive-litmus");
        ExternalTools.Result r = TOOLS.run(List.of("litmus", davUrl(), u.email(), password), work,
                Map.of("TESTS", "basic copymove props locks http"));
        Map<String, int[]> suites = new LinkedHashMap<>();
        Matcher m = SUMMARY.matcher(r.output());
        while (m.find()) {
            suites.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
        }
        StringBuilder report = new StringBuilder("[litmus] passed per suite:");
        suites.forEach((suite, n) -> report.append(' ').append(suite).append(' ').append(n[1]).append('/').append(n[0]));
        System.out.println(report);
        for (String required : List.of("basic", "copymove")) {
            int[] n = suites.get(required);
            if (n == null || n[0] == 0 || n[1] != n[0]) {
                fail("litmus " + required + " must pass completely; " + report + "\n" + r.output());
            }
        }
    }

    @Test
    void rcloneCopiesChecksAndSyncsBothWays() throws Exception {
        requireTool("rclone", "rclone (Debian: apt-get install rclone)");
        Api.User u = Api.newUser();
        String password = WebDavTest.appPassword(u, "rclone");
        Path work = Files.createTempDirectory("opendrive-rclone");
        ExternalTools.Result obscured = TOOLS.run(List.of("rclone", "obscure", password), work, Map.of());
        assertThat(obscured.exitCode()).isZero();
        Map<String, String> env = Map.of("RCLONE_CONFIG", work.resolve("none.conf").toString(),
                "RCLONE_CONFIG_OD_TYPE", "webdav", "RCLONE_CONFIG_OD_URL", davUrl(),
                "RCLONE_CONFIG_OD_VENDOR", "other", "RCLONE_CONFIG_OD_USER", u.email(),
                "RCLONE_CONFIG_OD_PASS", obscured.output().strip());

        Path local = Files.createDirectories(work.resolve("local"));
        write(local.resolve("readme.txt"), "hello from the laptop\n");
        write(local.resolve("Photos & Notes/rapport été.txt"), "accents and spaces\n");
        write(local.resolve("deep/er/still/leaf.txt"), "leaf\n");
        byte[] binary = new byte[300_000];
        new Random(7).nextBytes(binary);
        Files.createDirectories(local.resolve("deep"));
        Files.write(local.resolve("deep/blob.bin"), binary);

        rclone(env, work, "copy", local.toString(), "od:up");
        rclone(env, work, "check", "--download", local.toString(), "od:up");

        // local changes (the sizes change: without server-side hashes rclone compares sizes)
        write(local.resolve("readme.txt"), "hello from the laptop, edited\n");
        Files.delete(local.resolve("deep/er/still/leaf.txt"));
        write(local.resolve("new.txt"), "new\n");
        rclone(env, work, "sync", local.toString(), "od:up");
        rclone(env, work, "check", "--download", local.toString(), "od:up");
        assertThat(u.as().get("/api/files/trash/list").then().statusCode(200).extract().jsonPath()
                .getList("originalName")).as("sync deleted into the trash").contains("leaf.txt");

        // changes made on the server through the API, synced back down
        String upId = u.as().get("/api/folders").then().extract().jsonPath().getString("find { it.name == 'up' }._id");
        u.upload(upId, "from-the-web.txt", "uploaded in the browser\n".getBytes(StandardCharsets.UTF_8));
        String readmeId = u.as().get("/api/files/folder/" + upId).then().extract().jsonPath()
                .getString("find { it.originalName == 'readme.txt' }._id");
        u.as().contentType("application/json").body(Map.of("name", "README.md")).put("/api/files/" + readmeId)
                .then().statusCode(200);
        Path down = work.resolve("down");
        rclone(env, work, "sync", "od:up", down.toString());
        Map<String, String> expected = tree(local);
        expected.put("README.md", expected.remove("readme.txt"));
        expected.put("from-the-web.txt", "uploaded in the browser\n");
        assertThat(tree(down)).isEqualTo(expected);
    }

    @Test
    void davfs2MountsTheDrive() throws Exception {
        requireTool("mount.davfs", "davfs2 (Debian: apt-get install davfs2)");
        Api.User u = Api.newUser();
        String password = WebDavTest.appPassword(u, "davfs2");
        u.upload(null, "on-the-server.txt", "server\n".getBytes(StandardCharsets.UTF_8));
        // mount.davfs drops to its own user (davfs2) once mounted: the mount point must be reachable
        // by it, and the cache is the system one (/var/cache/davfs2) that the package set up for it
        Path work = Files.createTempDirectory("opendrive-davfs");
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mnt = Files.createDirectories(work.resolve("mnt"));
        Path secrets = work.resolve("secrets");
        Files.writeString(secrets, davUrl() + " \"" + u.email() + "\" \"" + password + "\"\n");
        Files.setPosixFilePermissions(secrets, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path conf = work.resolve("davfs2.conf");
        Files.writeString(conf, "secrets " + secrets + "\nuse_locks 1\ndelay_upload 0\nask_auth 0\n");
        ExternalTools.Result mount = TOOLS.run(List.of("mount.davfs", "-o", "conf=" + conf + ",uid=0,gid=0", davUrl(), mnt.toString()),
                work, Map.of());
        if (mount.exitCode() != 0) {
            // only the machine may stop this test (no root, no FUSE device, no coda module, a sandbox
            // that forbids mount(2)); any other failure to mount is the server's or the test's
            String why = mount.output().toLowerCase(java.util.Locale.ROOT);
            boolean machine = why.contains("fuse") || why.contains("coda") || why.contains("not permitted")
                    || why.contains("permission denied") || why.contains("root") || why.contains("setuid");
            Assumptions.assumeFalse(machine, "davfs2 cannot mount on this machine: " + mount.output().strip());
            fail("mount.davfs failed (exit " + mount.exitCode() + "): " + mount.output());
        }
        try {
            assertThat(Files.readString(mnt.resolve("on-the-server.txt"))).isEqualTo("server\n");
            Files.createDirectories(mnt.resolve("from-davfs"));
            Files.writeString(mnt.resolve("from-davfs/written.txt"), "written through the mount\n");
        } finally {
            ExternalTools.Result umount = TOOLS.run(List.of("umount", mnt.toString()), work, Map.of());
            assertThat(umount.exitCode()).as(umount.output()).isZero();
        }
        // unmounting uploads what was written
        String folder = u.as().get("/api/folders").then().extract().jsonPath()
                .getString("find { it.name == 'from-davfs' }._id");
        assertThat(folder).isNotNull();
        String id = u.as().get("/api/files/folder/" + folder).then().extract().jsonPath()
                .getString("find { it.originalName == 'written.txt' }._id");
        assertThat(u.as().get("/api/files/" + id + "/download").asString()).isEqualTo("written through the mount\n");
    }

    private void rclone(Map<String, String> env, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rclone", "--retries", "1", "--low-level-retries", "2"));
        command.addAll(List.of(args));
        ExternalTools.Result r = TOOLS.run(command, dir, env);
        if (r.exitCode() != 0) {
            fail("rclone " + String.join(" ", args) + " failed (exit " + r.exitCode() + "):\n" + r.output());
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Every file below {@code root} by relative path, with its content (binary as a hash). */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                String content = p.toString().endsWith(".bin") ? "sha256:" + java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b))
                        : new String(b, StandardCharsets.UTF_8);
                out.put(root.relativize(p).toString(), content);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void requireTool(String command, String what) {
        boolean present = TOOLS.succeeds(List.of("sh", "-c", "command -v " + command + " || test -x /usr/sbin/" + command));
        ExternalTools.require(present, what + " is not installed", "OPENDRIVE_REQUIRE_DAV_CLIENTS",
                "the WebDAV client tests");
    }
}
