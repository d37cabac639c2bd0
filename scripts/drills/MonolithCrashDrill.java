import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monolith crash drill's client. Two phases:
 * <ul>
 * <li>{@code burst <api> <ledger> <pidfile> <accounts> <uploads> <killAfter>}: registers accounts and
 * uploads random files (1 B - 3 MB) concurrently, appending every acknowledged account (201) and
 * file (201, with its SHA-256) to the ledger at once; right after the killAfter-th acknowledged
 * upload it kill -9s the server while the other requests are still in flight.</li>
 * <li>{@code verify <api> <ledger>}: after the restart, every acknowledged account logs in, every
 * acknowledged file is listed once and downloads byte-identically (SHA-256); files the server
 * stored without acknowledging are reported and must be intact too. Exits 1 on any loss.</li>
 * </ul>
 */
public class MonolithCrashDrill {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String PASSWORD = "crash drill password";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("burst")) {
            burst(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
        } else {
            System.exit(verify(args[1], Path.of(args[2])) ? 0 : 1);
        }
    }

    static void burst(String api, Path ledger, Path pidFile, int accounts, int uploads, int killAfter) throws Exception {
        Map<String, String> tokens = new ConcurrentHashMap<>();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        // half of the accounts first (uploads need someone to upload as), the rest during the burst
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < accounts / 2; i++) {
            register(api, "crash-" + run + "-" + i + "@example.com", tokens, ledger);
        }
        List<String> firstAccounts = new ArrayList<>(tokens.keySet());
        for (int i = 0; i < uploads; i++) {
            int n = i;
            int late = accounts - accounts / 2;
            if (late > 0 && i % Math.max(1, uploads / late) == 0 && i / Math.max(1, uploads / late) < late) {
                String email = "crash-" + run + "-" + (accounts / 2 + i / Math.max(1, uploads / late)) + "@example.com";
                pool.submit(() -> {
                    try {
                        register(api, email, tokens, ledger);
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                });
            }
            pool.submit(() -> {
                String email = firstAccounts.get(n % firstAccounts.size());
                byte[] content = new byte[new Random(n).nextInt(3 * 1024 * 1024) + 1];
                new Random(n * 31L + 7).nextBytes(content);
                try {
                    String body = upload(api, tokens.get(email), "blob-" + n + ".bin", content);
                    String id = field(body, "_id");
                    append(ledger, "file " + email + " " + id + " " + sha256(content) + " " + content.length);
                    if (acknowledged.incrementAndGet() == killAfter && killed.compareAndSet(false, true)) {
                        String pid = Files.readString(pidFile).trim();
                        new ProcessBuilder("kill", "-9", pid).inheritIO().start().waitFor();
                        System.out.println("drill: kill -9 " + pid + " right after acknowledged upload #" + killAfter);
                    }
                } catch (Exception e) {
                    refused.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        System.out.printf("burst: %d accounts acknowledged, %d uploads acknowledged, %d requests failed (in flight at the kill or after)%n",
                tokens.size(), acknowledged.get(), refused.get());
    }

    static boolean verify(String api, Path ledger) throws Exception {
        int accounts = 0;
        int accountsOk = 0;
        int files = 0;
        int filesOk = 0;
        Map<String, String> tokens = new ConcurrentHashMap<>();
        Map<String, List<String[]>> filesByUser = new ConcurrentHashMap<>();
        for (String line : Files.readAllLines(ledger)) {
            String[] f = line.split(" ");
            if (f[0].equals("account")) {
                accounts++;
                HttpResponse<String> r = post(api + "/api/auth/login", "application/json",
                        ("{\"email\":\"" + f[1] + "\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8), null);
                if (r.statusCode() == 200) {
                    accountsOk++;
                    tokens.put(f[1], field(r.body(), "token"));
                } else {
                    System.err.println("LOST account " + f[1] + ": login " + r.statusCode() + " " + r.body());
                }
            } else {
                files++;
                filesByUser.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
            }
        }
        int unacknowledged = 0;
        int unacknowledgedIntact = 0;
        int countersChecked = 0;
        int countersOk = 0;
        for (var e : filesByUser.entrySet()) {
            String token = tokens.get(e.getKey());
            if (token == null) {
                continue;
            }
            String listing = get(api + "/api/files/folder/root", token, HttpResponse.BodyHandlers.ofString()).body();
            List<String> ids = new ArrayList<>();
            Matcher m = Pattern.compile("\"_id\":\"([0-9a-f]{24})\"").matcher(listing);
            while (m.find()) {
                ids.add(m.group(1));
            }
            // the usage counters agree with what the listing holds
            long listedBytes = 0;
            Matcher sizes = Pattern.compile("\"size\":(\\d+)").matcher(listing);
            while (sizes.find()) {
                listedBytes += Long.parseLong(sizes.group(1));
            }
            String stats = get(api + "/api/folders/stats/summary", token, HttpResponse.BodyHandlers.ofString()).body();
            boolean countersAgree = number(stats, "totalFiles") == ids.size() && number(stats, "storageUsed") == listedBytes;
            countersChecked++;
            if (countersAgree) {
                countersOk++;
            } else {
                System.err.printf("COUNTERS of %s: %s, listing holds %d files, %d bytes%n", e.getKey(), stats, ids.size(),
                        listedBytes);
            }
            for (String[] f : e.getValue()) {
                HttpResponse<byte[]> d = get(api + "/api/files/" + f[2] + "/download", token, HttpResponse.BodyHandlers.ofByteArray());
                boolean listedOnce = ids.stream().filter(f[2]::equals).count() == 1;
                if (d.statusCode() == 200 && sha256(d.body()).equals(f[3]) && listedOnce) {
                    filesOk++;
                } else {
                    System.err.printf("LOST file %s of %s: download %d, listed once %s%n", f[2], f[1], d.statusCode(), listedOnce);
                }
                ids.remove(f[2]);
            }
            // stored but never acknowledged (the kill came before the 201 went out): complete or absent
            for (String id : ids) {
                unacknowledged++;
                HttpResponse<String> meta = get(api + "/api/files/" + id, token, HttpResponse.BodyHandlers.ofString());
                HttpResponse<byte[]> d = get(api + "/api/files/" + id + "/download", token, HttpResponse.BodyHandlers.ofByteArray());
                if (d.statusCode() == 200 && sha256(d.body()).equals(field(meta.body(), "sha256"))) {
                    unacknowledgedIntact++;
                } else {
                    System.err.printf("HALF-WRITTEN file %s: download %d%n", id, d.statusCode());
                }
            }
        }
        boolean ok = accounts == accountsOk && files == filesOk && unacknowledged == unacknowledgedIntact
                && countersOk == countersChecked;
        System.out.printf("after restart: accounts %d/%d, files %d/%d byte-identical, stored-but-unacknowledged %d (intact %d), lost %d;"
                + " usage counters agree with the listing for %d/%d users%n",
                accountsOk, accounts, filesOk, files, unacknowledged, unacknowledgedIntact,
                (accounts - accountsOk) + (files - filesOk), countersOk, countersChecked);
        return ok;
    }

    static void register(String api, String email, Map<String, String> tokens, Path ledger) throws Exception {
        HttpResponse<String> r = post(api + "/api/auth/register", "application/json",
                ("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8), null);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("register " + r.statusCode());
        }
        append(ledger, "account " + email);
        tokens.put(email, field(r.body(), "token"));
    }

    static synchronized void append(Path ledger, String line) throws IOException {
        Files.writeString(ledger, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String upload(String api, String token, String name, byte[] content) throws Exception {
        String boundary = "----drill" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post(api + "/api/files", "multipart/form-data; boundary=" + boundary, body.toByteArray(), token);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("upload " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static HttpResponse<String> post(String url, String type, byte[] body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static <T> HttpResponse<T> get(String url, String token, HttpResponse.BodyHandler<T> handler) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).build(), handler);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
