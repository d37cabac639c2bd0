package dev.opendrive.deploy.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.opendrive.deploy.DeployTree;

/**
 * The shipped nginx configuration (deploy/vm/nginx/opendrive.conf): accepted by a real nginx
 * ({@code nginx -t}) once rendered for this machine's ports and a throw-away certificate, both on
 * its own and inside Debian's stock nginx.conf where docs/deploy-vm.md puts it; and the settings
 * docs/deploy-vm.md promises, read from the file itself. Without nginx the {@code nginx -t} tests are
 * skipped, unless OPENDRIVE_REQUIRE_NGINX=1 (set by .ci/run, which installs it).
 */
class NginxConfigTest {

    static final Path VM = DeployTree.root().resolve("vm");
    static final Path SHIPPED = VM.resolve("nginx/opendrive.conf");
    static final Path RENDER = VM.resolve("nginx/render.sh");
    static final Path REPOSITORY = DeployTree.root().getParent();

    @TempDir
    Path prefix;

    @Test
    void shippedConfigPassesNginxTest() throws Exception {
        Path nginx = nginx();
        renderInto(prefix.resolve("opendrive.conf"));
        Files.copy(VM.resolve("nginx/standalone.conf"), prefix.resolve("standalone.conf"));
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));

        Commands.Run test = Commands.run(null, nginx.toString(), "-t", "-p", prefix + "/", "-c", prefix.resolve("standalone.conf").toString());

        assertThat(test.exit()).as("nginx -t:%n%s", test.output()).isZero();
        assertThat(test.output()).contains("test is successful");
    }

    /** Where the docs put it: conf.d/ of Debian's nginx.conf, inside its http{} with its own settings. */
    @Test
    void shippedConfigPassesNginxTestInsideDebiansNginxConf() throws Exception {
        Path nginx = nginx();
        Path etc = Path.of("/etc/nginx");
        Assumptions.assumeTrue(Files.isRegularFile(etc.resolve("nginx.conf")), "no Debian /etc/nginx/nginx.conf here");
        Path copy = prefix.resolve("etc");
        try (Stream<Path> files = Files.walk(etc)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(etc.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (Files.isReadable(f)) {
                    Files.copy(f, to);
                }
            }
        }
        // the default site goes, as the docs say; the rest of the layout stays, paths moved below the prefix
        Files.deleteIfExists(copy.resolve("sites-enabled/default"));
        Files.createDirectories(prefix.resolve("logs"));
        String main = Files.readString(copy.resolve("nginx.conf")).replace("/etc/nginx/", copy + "/")
                .replace("/var/log/nginx/", prefix + "/logs/").replace("/run/nginx.pid", prefix + "/nginx.pid")
                .replaceAll("(?m)^user .*$", "");
        Files.writeString(copy.resolve("nginx.conf"), main);
        Files.createDirectories(copy.resolve("conf.d"));
        renderInto(copy.resolve("conf.d/opendrive.conf"));

        Commands.Run test = Commands.run(null, nginx.toString(), "-t", "-p", prefix + "/", "-c", copy.resolve("nginx.conf").toString());

        assertThat(test.exit()).as("nginx -t:%n%s", test.output()).isZero();
    }

    /** The drill and this test run the shipped file: rendering may touch the marked lines only. */
    @Test
    void renderingChangesOnlyTheMarkedLines() throws Exception {
        Path rendered = prefix.resolve("opendrive.conf");
        renderInto(rendered);

        List<String> shipped = unmarked(Files.readAllLines(SHIPPED));
        assertThat(unmarked(Files.readAllLines(rendered))).isEqualTo(shipped);
        assertThat(Files.readString(rendered)).doesNotContain("listen 80;", "listen 443", "/etc/letsencrypt", "/var/log/nginx");
    }

    @Test
    void renderRefusesAFileWithoutTheMarkersItNeeds() throws Exception {
        Path stripped = prefix.resolve("no-markers.conf");
        Files.write(stripped, Files.readAllLines(SHIPPED).stream().filter(l -> !l.contains("# render: api")).toList());

        Commands.Run render = Commands.run(stripped, "bash", RENDER.toString(), "--api", "127.0.0.1:1");

        assertThat(render.exit()).isEqualTo(2);
        assertThat(render.output()).contains("no \"# render: api\" line");
    }

    @Test
    void balancesOverTheInstancesByOpenConnectionsAndLeavesOutFailingOnes() throws Exception {
        NginxConf upstream = shipped().all("upstream").filter(u -> u.args().equals(List.of("opendrive_api"))).findFirst()
                .orElseThrow();

        assertThat(upstream.first("least_conn")).isPresent();
        List<NginxConf> servers = upstream.all("server").toList();
        assertThat(servers).hasSizeGreaterThanOrEqualTo(2);
        assertThat(servers).allSatisfy(s -> assertThat(s.args()).anyMatch(a -> a.startsWith("max_fails="))
                .anyMatch(a -> a.startsWith("fail_timeout=")));
        assertThat(https().location("/").value("proxy_pass")).isEqualTo("http://opendrive_api");
    }

    @Test
    void bodyLimitIsTheApisMaxBodySize() throws Exception {
        Properties api = new Properties();
        try (InputStream in = Files.newInputStream(REPOSITORY.resolve("api/src/main/resources/application.properties"))) {
            api.load(in);
        }
        String apiLimit = api.getProperty("quarkus.http.limits.max-body-size");

        assertThat(bytes(https().value("client_max_body_size"))).as("client_max_body_size vs the API's %s", apiLimit)
                .isEqualTo(bytes(apiLimit));
        // and nginx answers an oversized body in the API's JSON shape
        assertThat(https().all("error_page").filter(e -> e.args().contains("413")).findFirst()).isPresent();
        assertThat(String.join(" ", https().location("@payload_too_large").first("return").orElseThrow().args()))
                .contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
    }

    /**
     * Upload bodies are passed on as they arrive; nowhere else, because with request buffering off
     * nginx does not pass a GET on to another instance once it was sent.
     */
    @Test
    void uploadsAreStreamedToTheApiAndOtherRequestsKeepTheirFailover() throws Exception {
        NginxConf https = https();

        assertThat(https.location("=", "/api/files").value("proxy_request_buffering")).isEqualTo("off");
        assertThat(https.location("=", "/api/files/content").value("proxy_request_buffering")).isEqualTo("off");
        assertThat(https.first("proxy_request_buffering")).isEmpty();
        assertThat(https.location("/").first("proxy_request_buffering")).isEmpty();
        assertThat(https.location("/api/uploads/").value("proxy_request_buffering")).as("tus PATCH bodies").isEqualTo("off");
        assertThat(https.location("~", "^/api/public/[^/]+/(upload|content)$").value("proxy_request_buffering"))
                .as("file-drop uploads").isEqualTo("off");
        assertThat(https.location("/dav").value("proxy_request_buffering")).as("WebDAV PUT bodies").isEqualTo("off");
        assertThat(shipped().everywhere("proxy_request_buffering")).as("upload routes only").hasSize(5);
    }

    @Test
    void downloadsAreStreamedToTheClient() throws Exception {
        NginxConf downloads = https().all("location").filter(l -> l.args().size() == 2 && l.args().get(0).equals("~"))
                .findFirst().orElseThrow();

        assertThat(downloads.value("proxy_buffering")).isEqualTo("off");
        java.util.regex.Pattern paths = java.util.regex.Pattern.compile(downloads.args().get(1));
        assertThat(List.of("/api/files/6b0d66d6645a25d3883e47bf/download", "/api/files/6b0d66d6645a25d3883e47bf/thumbnail",
                "/api/public/abc123/download", "/api/public/abc123/file/6b0d66d6645a25d3883e47bf/download",
                "/api/links/6b0d66d6645a25d3883e47bf")).allMatch(p -> paths.matcher(p).matches());
        assertThat(List.of("/api/files", "/api/files/content", "/api/files/6b0d66d6645a25d3883e47bf"))
                .noneMatch(p -> paths.matcher(p).matches());
    }

    /** nginx may pass a request on after a failure, but never a POST or PATCH that was already sent. */
    @Test
    void passesOnlyWhatIsSafeToTheNextInstance() throws Exception {
        assertThat(https().value("proxy_next_upstream")).isEqualTo("error timeout http_502 http_503");
        assertThat(shipped().everywhere("proxy_next_upstream").flatMap(d -> d.args().stream())).doesNotContain("non_idempotent");
        assertThat(https().value("proxy_next_upstream_tries")).isEqualTo("2");
    }

    /** TRUST_PROXY=true in the env file makes the API believe these headers: nginx must set them. */
    @Test
    void tellsTheApiTheClientAddressSchemeAndHostItMayTrust() throws Exception {
        List<String> headers = https().all("proxy_set_header").map(h -> String.join(" ", h.args())).toList();

        // overwritten, not appended: the API takes the first address of X-Forwarded-For
        assertThat(headers).contains("X-Forwarded-For $remote_addr", "X-Forwarded-Proto $scheme", "X-Forwarded-Host $host",
                "Host $host");
        assertThat(shipped().everywhere("proxy_set_header")).hasSize(headers.size());
        assertThat(Files.readAllLines(VM.resolve("opendrive.env"))).contains("TRUST_PROXY=true")
                .noneMatch(l -> l.startsWith("PORT=") || l.startsWith("MANAGEMENT_PORT="));
    }

    @Test
    void servesHttpsAndRedirectsHttpToIt() throws Exception {
        NginxConf https = https();
        NginxConf http = shipped().all("server").filter(s -> s.all("listen").anyMatch(l -> l.args().equals(List.of("80"))))
                .findFirst().orElseThrow();

        assertThat(https.first("ssl_certificate")).isPresent();
        assertThat(https.first("ssl_certificate_key")).isPresent();
        assertThat(https.value("ssl_protocols")).isEqualTo("TLSv1.2 TLSv1.3");
        assertThat(http.location("/").value("return")).isEqualTo("301 https://$host$request_uri");
        assertThat(http.location("/.well-known/acme-challenge/").first("root")).isPresent();
    }

    // --- helpers

    static NginxConf shipped() throws IOException {
        return NginxConf.parse(Files.readString(SHIPPED));
    }

    static NginxConf https() throws IOException {
        return shipped().all("server").filter(s -> s.all("listen").anyMatch(l -> l.args().contains("ssl"))).findFirst()
                .orElseThrow(() -> new AssertionError("no TLS server block"));
    }

    /** The shipped file for free local ports, a throw-away certificate and log paths below the prefix. */
    void renderInto(Path target) throws Exception {
        Path tls = prefix.resolve("tls");
        Files.createDirectories(tls);
        selfSigned(tls);
        Commands.Run render = Commands.run(SHIPPED, "bash", RENDER.toString(), "--api", "127.0.0.1:5001,127.0.0.1:5002",
                "--http", "127.0.0.1:" + freePort(), "--https", "127.0.0.1:" + freePort(),
                "--cert", tls.resolve("cert.pem").toString(), "--key", tls.resolve("key.pem").toString(),
                "--logs", prefix.resolve("logs").toString(), "--webroot", prefix.resolve("www").toString());
        assertThat(render.exit()).as("render.sh: %s", render.output()).isZero();
        Files.writeString(target, render.stdout());
    }

    static List<String> unmarked(List<String> lines) {
        return lines.stream().filter(l -> !l.contains("# render: ")).toList();
    }

    /** A key pair made by the JDK's keytool, written as the PEM files nginx reads. */
    static void selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("tls.p12");
        if (Files.exists(store)) {
            return;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Commands.Run made = Commands.run(null, keytool.toString(), "-genkeypair", "-alias", "nginx", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit");
        assertThat(made.exit()).as("keytool: %s", made.output()).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("nginx");
        Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", ks.getKey("nginx", "changeit".toCharArray()).getEncoded()));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** nginx sizes and Quarkus MemorySize alike: a number with an optional k/m/g/t suffix, powers of 1024. */
    static long bytes(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        int shift = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        return Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1)) << shift;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The nginx binary, or the test is skipped (failed with OPENDRIVE_REQUIRE_NGINX=1). */
    static Path nginx() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "nginx"));
            }
        }
        candidates.add(Path.of("/usr/sbin/nginx"));
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            if ("1".equals(System.getenv("OPENDRIVE_REQUIRE_NGINX"))) {
                fail("nginx is not installed but OPENDRIVE_REQUIRE_NGINX=1 (apt-get install nginx)");
            }
            Assumptions.abort("nginx is not installed (apt-get install nginx); set OPENDRIVE_REQUIRE_NGINX=1 to fail instead");
        }
        return found.get();
    }
}
