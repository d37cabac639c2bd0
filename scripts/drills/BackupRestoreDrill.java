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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backup drill's client (scripts/drills/backup-restore.sh). Every acknowledged write goes to
 * the ledger at once, with the wall-clock time of its acknowledgement.
 * <ul>
 * <li>{@code fill <api> <ledger> <users> <files>}: registers the users, gives each folders (one
 * nested) and uploads the files (text and binary, 1 B - 200 KiB) across the users and folders,
 * four at a time.</li>
 * <li>{@code background <api> <ledger> <stopFile>}: keeps uploading (two at a time) until the
 * stop file exists; every tenth upload of its own is then trashed and deleted for good.</li>
 * <li>{@code verify <api> <ledger> <backupStartedMillis> <backupFinishedMillis>}: after the restore,
 * every account logs in with its password and its old token still works; every file acknowledged
 * before the backup began is listed once in its folder and downloads byte-identically (SHA-256);
 * each user's stats equal what the listings hold. Files acknowledged while the backup ran are
 * counted (present or not, either is correct). Exits 1 on any loss.</li>
 * </ul>
 */
public class BackupRestoreDrill {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String PASSWORD = "backup drill password";
    static final String[] FOLDERS = {"Documents", "Photos", "Archive"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "background" -> background(args[1], Path.of(args[2]), Path.of(args[3]));
            case "verify" -> System.exit(verify(args[1], Path.of(args[2]), Long.parseLong(args[3]),
                    Long.parseLong(args[4])) ? 0 : 1);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    record Account(String email, String token, List<String> folders) {
    }

    static void fill(String api, Path ledger, int users, int files) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Account> accounts = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String email = "backup-" + run + "-" + u + "@example.com";
            HttpResponse<String> r = post(api + "/api/auth/register", "application/json", json(email), null);
            check(r, 201, "register");
            String token = field(r.body(), "token");
            append(ledger, "account " + email + " " + token);
            List<String> folders = new ArrayList<>();
            folders.add("root");
            for (String name : FOLDERS) {
                folders.add(folder(api, token, name, null, email, ledger));
            }
            folders.add(folder(api, token, "2024", folders.get(1), email, ledger));
            accounts.add(new Account(email, token, folders));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < files; i++) {
            int n = i;
            pool.submit(() -> {
                Account a = accounts.get(n % accounts.size());
                String folder = a.folders().get(n / accounts.size() % a.folders().size());
                try {
                    uploadAndRecord(api, ledger, a.email(), a.token(), folder, n, "fill");
                    acknowledged.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.err.println("fill upload " + n + ": " + e.getMessage());
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        System.out.printf("fill: %d users, %d folders each, %d uploads acknowledged, %d failed%n", users,
                FOLDERS.length + 1, acknowledged.get(), failed.get());
        if (failed.get() > 0) {
            System.exit(1);
        }
    }

    static String folder(String api, String token, String name, String parent, String email, Path ledger) throws Exception {
        String body = parent == null ? "{\"name\":\"" + name + "\"}" : "{\"name\":\"" + name + "\",\"parentId\":\"" + parent + "\"}";
        HttpResponse<String> r = post(api + "/api/folders", "application/json", body.getBytes(StandardCharsets.UTF_8), token);
        check(r, 201, "folder");
        String id = field(r.body(), "_id");
        append(ledger, "folder " + email + " " + id);
        return id;
    }

    /** Uploads file number n; records it once acknowledged: file email id sha256 size folder ackMillis phase name. */
    static String uploadAndRecord(String api, Path ledger, String email, String token, String folder, int n, String phase)
            throws Exception {
        Random random = new Random(n * 7919L + phase.hashCode());
        boolean text = n % 3 == 0;
        boolean image = !text && n % 25 == 1;
        String name = phase + "-" + n + (text ? ".txt" : image ? ".png" : ".bin");
        byte[] content;
        if (image) {
            // an image gets a thumbnail: a second blob per file for the backup to carry
            var picture = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < 64; x++) {
                for (int y = 0; y < 48; y++) {
                    picture.setRGB(x, y, random.nextInt(0x1000000));
                }
            }
            var png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(picture, "png", png);
            content = png.toByteArray();
        } else if (text) {
            content = ("Invoice " + n + " for the backup drill, phase " + phase + ". Quarterly report lorem ipsum "
                    + "x".repeat(random.nextInt(4000))).getBytes(StandardCharsets.UTF_8);
        } else {
            content = new byte[1 + random.nextInt(200 * 1024)];
            random.nextBytes(content);
        }
        String body = upload(api, token, name, content, folder.equals("root") ? null : folder);
        String id = field(body, "_id");
        append(ledger, "file " + email + " " + id + " " + sha256(content) + " " + content.length + " " + folder + " "
                + System.currentTimeMillis() + " " + phase + " " + name);
        return id;
    }

    static void background(String api, Path ledger, Path stop) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ledger)) {
            String[] f = line.split(" ");
            if (f[0].equals("account")) {
                tokens.put(f[1], f[2]);
            }
        }
        List<String> emails = new ArrayList<>(tokens.keySet());
        AtomicInteger next = new AtomicInteger(100_000);
        AtomicInteger uploads = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int t = 0; t < 2; t++) {
            pool.submit(() -> {
                while (!Files.exists(stop)) {
                    int n = next.incrementAndGet();
                    String email = emails.get(n % emails.size());
                    String token = tokens.get(email);
                    try {
                        String id = uploadAndRecord(api, ledger, email, token, "root", n, "during");
                        uploads.incrementAndGet();
                        if (n % 10 == 0) {
                            check(send(HttpRequest.newBuilder(URI.create(api + "/api/files/" + id)).DELETE(), token), 200, "trash");
                            check(send(HttpRequest.newBuilder(URI.create(api + "/api/files/" + id + "/permanent")).DELETE(),
                                    token), 200, "permanent delete");
                            append(ledger, "deleted " + email + " " + id + " " + System.currentTimeMillis());
                            deleted.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        System.err.println("background upload " + n + ": " + e.getMessage());
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        System.out.printf("background: %d uploads acknowledged, %d of them deleted for good, %d failed%n", uploads.get(),
                deleted.get(), failed.get());
    }

    static boolean verify(String api, Path ledger, long backupStarted, long backupFinished) throws Exception {
        Map<String, String> oldTokens = new LinkedHashMap<>();
        Map<String, List<String>> folders = new LinkedHashMap<>();
        Map<String, String[]> files = new LinkedHashMap<>();
        Map<String, Long> deletedAt = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ledger)) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "account" -> {
                    oldTokens.put(f[1], f[2]);
                    folders.put(f[1], new ArrayList<>(List.of("root")));
                }
                case "folder" -> folders.get(f[1]).add(f[2]);
                case "file" -> files.put(f[2], f);
                case "deleted" -> deletedAt.put(f[2], Long.parseLong(f[3]));
                default -> throw new IllegalStateException(line);
            }
        }
        boolean ok = true;
        Map<String, String> tokens = new LinkedHashMap<>();
        int oldTokensValid = 0;
        for (String email : oldTokens.keySet()) {
            HttpResponse<String> r = post(api + "/api/auth/login", "application/json", json(email), null);
            if (r.statusCode() != 200) {
                System.err.println("LOST account " + email + ": login " + r.statusCode() + " " + r.body());
                ok = false;
                continue;
            }
            tokens.put(email, field(r.body(), "token"));
            if (get(api + "/api/auth/me", oldTokens.get(email), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                oldTokensValid++;
            }
        }
        int required = 0;
        int requiredOk = 0;
        int during = 0;
        int duringPresent = 0;
        int duringDeletedPresent = 0;
        int after = 0;
        int deletedBefore = 0;
        int statsOk = 0;
        for (var user : folders.entrySet()) {
            String token = tokens.get(user.getKey());
            if (token == null) {
                continue;
            }
            // every listed file of the user, by id, and what the listings hold
            Map<String, Integer> listed = new LinkedHashMap<>();
            long listedBytes = 0;
            for (String folder : user.getValue()) {
                String listing = get(api + "/api/files/folder/" + folder, token, HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = Pattern.compile("\"_id\":\"([0-9a-f]{24})\"").matcher(listing);
                while (m.find()) {
                    listed.merge(m.group(1), 1, Integer::sum);
                }
                Matcher sizes = Pattern.compile("\"size\":(\\d+)").matcher(listing);
                while (sizes.find()) {
                    listedBytes += Long.parseLong(sizes.group(1));
                }
            }
            String stats = get(api + "/api/folders/stats/summary", token, HttpResponse.BodyHandlers.ofString()).body();
            int listedFiles = listed.values().stream().mapToInt(Integer::intValue).sum();
            boolean statsAgree = number(stats, "totalFiles") == listedFiles && number(stats, "storageUsed") == listedBytes
                    && number(stats, "totalFolders") == user.getValue().size() - 1;
            if (statsAgree) {
                statsOk++;
            } else {
                System.err.printf("STATS of %s: %s; listings hold %d files, %d bytes, %d folders%n", user.getKey(), stats,
                        listedFiles, listedBytes, user.getValue().size() - 1);
                ok = false;
            }
            for (String[] f : files.values()) {
                if (!f[1].equals(user.getKey())) {
                    continue;
                }
                long acknowledgedAt = Long.parseLong(f[6]);
                if (acknowledgedAt > backupFinished) {
                    after++;
                    if (listed.containsKey(f[2])) {
                        System.err.printf("UNEXPECTED file %s (%s): acknowledged after the backup finished, yet restored%n",
                                f[2], f[8]);
                        ok = false;
                    }
                    continue;
                }
                if (acknowledgedAt >= backupStarted) {
                    during++;
                    if (listed.containsKey(f[2])) {
                        duringPresent++;
                        if (deletedAt.containsKey(f[2])) {
                            duringDeletedPresent++;
                        }
                    }
                    continue;
                }
                if (deletedAt.containsKey(f[2])) {
                    // its owner deleted it for good before the backup began: gone is right
                    deletedBefore++;
                    if (listed.containsKey(f[2])) {
                        System.err.printf("UNEXPECTED file %s (%s): deleted for good before the backup, yet restored%n",
                                f[2], f[8]);
                        ok = false;
                    }
                    continue;
                }
                required++;
                HttpResponse<byte[]> d = get(api + "/api/files/" + f[2] + "/download", token,
                        HttpResponse.BodyHandlers.ofByteArray());
                boolean listedOnce = Integer.valueOf(1).equals(listed.get(f[2]));
                if (d.statusCode() == 200 && sha256(d.body()).equals(f[3]) && listedOnce
                        && (f[5].equals("root") || user.getValue().contains(f[5]))) {
                    requiredOk++;
                } else {
                    System.err.printf("LOST file %s (%s) of %s: download %d, listed %s%n", f[2], f[8], f[1], d.statusCode(),
                            listed.get(f[2]));
                    ok = false;
                }
            }
        }
        ok &= requiredOk == required && oldTokensValid == oldTokens.size();
        System.out.printf("after restore: accounts %d/%d log in, old tokens valid %d/%d; files acknowledged before the"
                + " backup began: %d/%d listed once and byte-identical (SHA-256); stats agree with the listings for %d/%d"
                + " users; deleted for good before the backup and absent: %d; acknowledged while the backup ran (%d ms): %d,"
                + " of which %d restored (%d of those deleted for good after the snapshot); acknowledged after it: %d, none"
                + " restored%n", tokens.size(), oldTokens.size(), oldTokensValid, oldTokens.size(), requiredOk,
                required, statsOk, folders.size(), deletedBefore, backupFinished - backupStarted, during, duringPresent,
                duringDeletedPresent, after);
        return ok;
    }

    static byte[] json(String email) {
        return ("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static void check(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + " " + r.statusCode() + " " + r.body());
        }
    }

    static synchronized void append(Path ledger, String line) throws IOException {
        Files.writeString(ledger, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String upload(String api, String token, String name, byte[] content, String folderId) throws Exception {
        String boundary = "----drill" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        if (folderId != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"folderId\"\r\n\r\n" + folderId
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post(api + "/api/files", "multipart/form-data; boundary=" + boundary, body.toByteArray(), token);
        check(r, 201, "upload");
        return r.body();
    }

    static HttpResponse<String> post(String url, String type, byte[] body, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), token);
    }

    static HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
        b.timeout(Duration.ofSeconds(60));
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
