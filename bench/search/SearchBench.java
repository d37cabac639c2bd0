import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import dev.opendrive.model.search.Tokenizer;

/**
 * Search benchmark helper (run by bench/search.sh with the API's jars on the class path).
 * <p>
 * {@code seed <mongoUri> <fileId> <count> <namesOut>}: clones the file document and the search-index
 * entry the running API wrote for {@code fileId} (an uploaded text file, indexed by the in-process
 * indexer) into {@code count} files of the same owner, with generated names and content tokens made
 * by the production {@link Tokenizer} exactly as the indexer makes them; writes the names, one a line.
 * <p>
 * {@code measure <baseUrl> <token> <rounds> <query>...}: GET /api/search?q=... one request at a
 * time, the queries interleaved round-robin so each sees the same machine load; prints p50, p99 and
 * max per query and the number of files returned; with SERVER_PID set, also the median CPU time
 * (user + system, all threads) the server process spent per query, read from /proc.
 * <p>
 * {@code plan <mongoUri>}: the indexes the server reports for files and search_index (MongoIndexes
 * created them on the first request), and what the server answers to explain for a search query.
 */
public class SearchBench {

    static final String[] FIRST = { "report", "invoice", "photo", "notes", "budget", "meeting", "draft", "scan",
            "contract", "summary" };
    static final String[] SECOND = { "acme", "globex", "initech", "umbrella", "hooli", "vehement", "stark",
            "wayne", "wonka", "tyrell", "cyberdyne", "soylent", "oscorp", "massive", "dynamic", "aperture" };
    static final String[] EXT = { ".pdf", ".docx", ".txt", ".jpg", ".png", ".xlsx", ".md" };

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seed" -> seed(args[1], new ObjectId(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "measure" -> measure(args[1], args[2], Integer.parseInt(args[3]),
                    Arrays.copyOfRange(args, 4, args.length));
            case "plan" -> plan(args[1]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Deterministic names: "report" in 1/10, "zanzibar" in 1 of 20000 (rare), "invoice" for the prefix "inv". */
    static String name(int i, Random random) {
        String rare = i % 20000 == 7 ? "zanzibar-" : "";
        return FIRST[random.nextInt(FIRST.length)] + "-" + rare + SECOND[random.nextInt(SECOND.length)] + "-"
                + (2015 + random.nextInt(11)) + "-" + String.format("%06d", i) + EXT[random.nextInt(EXT.length)];
    }

    /** ~40 words of content from a 5000-word vocabulary; "quarterly" in 1 file of 100 (content only). */
    static String content(int i, Random random) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 40; w++) {
            text.append("w").append(Integer.toString(random.nextInt(5000), 36)).append(' ');
        }
        if (i % 100 == 42) {
            text.append("Quarterly figures");
        }
        return text.toString();
    }

    static void seed(String uri, ObjectId templateId, int count, Path namesOut) throws Exception {
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase db = client.getDatabase("opendrive");
            MongoCollection<Document> files = db.getCollection("files");
            MongoCollection<Document> index = db.getCollection("search_index");
            Document fileTemplate = files.find(new Document("_id", templateId)).first();
            Document entryTemplate = index.find(new Document("_id", templateId)).first();
            if (fileTemplate == null || entryTemplate == null) {
                throw new IllegalStateException("template file or its search-index entry not found: " + templateId);
            }
            Random random = new Random(count);
            HexFormat hex = HexFormat.of();
            List<String> names = new ArrayList<>(count);
            List<Document> fileBatch = new ArrayList<>();
            List<Document> entryBatch = new ArrayList<>();
            long started = System.nanoTime();
            Instant base = Instant.now().minusSeconds(count);
            for (int i = 0; i < count; i++) {
                ObjectId id = new ObjectId();
                String name = name(i, random);
                names.add(name);
                byte[] sha = new byte[32];
                random.nextBytes(sha);
                String sha256 = hex.formatHex(sha);
                Date at = Date.from(base.plusSeconds(i));
                String text = content(i, random);
                Document file = new Document(fileTemplate);
                file.put("_id", id);
                file.put("name", UUID.randomUUID() + "-" + name);
                file.put("originalName", name);
                file.put("nameKey", name.toLowerCase(java.util.Locale.ROOT));
                file.put("storageKey", "bench/" + id.toHexString());
                file.put("sha256", sha256);
                file.put("size", (long) text.length());
                file.put("createdAt", at);
                file.put("updatedAt", at);
                fileBatch.add(file);
                // the fields SearchIndexer.indexContent sets, the rest as the template entry has them
                Document entry = new Document(entryTemplate);
                entry.put("_id", id);
                entry.put("name", name);
                entry.put("nameTokens", Tokenizer.indexTokens(name));
                entry.put("contentTokens", Tokenizer.indexTokens(text));
                entry.put("sha256", sha256);
                entry.put("size", (long) text.length());
                entry.put("contentChars", (long) text.length());
                entry.put("indexedAt", at);
                entry.put("updatedAt", at);
                entryBatch.add(entry);
                if (fileBatch.size() == 1000 || i == count - 1) {
                    if ((i + 1) % 10000 == 0) {
                        System.err.printf("seeded %d in %d ms%n", i + 1, (System.nanoTime() - started) / 1_000_000);
                    }
                    files.insertMany(fileBatch);
                    index.insertMany(entryBatch);
                    fileBatch.clear();
                    entryBatch.clear();
                }
            }
            Files.write(namesOut, names);
            System.out.printf("seeded %d files + search-index entries in %d ms%n", count,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    static void measure(String base, String token, int rounds, String[] queries) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long[][] ms = new long[queries.length][rounds];
        long[][] cpu = new long[queries.length][rounds];
        String pid = System.getenv("SERVER_PID");
        int[] hits = new int[queries.length];
        for (int r = -3; r < rounds; r++) { // 3 warm-up rounds
            for (int q = 0; q < queries.length; q++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/search?type=files&q="
                        + URLEncoder.encode(queries[q], StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + token).build();
                long c0 = cpuMillis(pid);
                long t0 = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long t1 = System.nanoTime();
                long c1 = cpuMillis(pid);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(queries[q] + ": " + response.statusCode() + " " + response.body());
                }
                if (r >= 0) {
                    ms[q][r] = t1 - t0;
                    cpu[q][r] = c1 - c0;
                }
                hits[q] = count(response.body(), "\"matches\":");
            }
        }
        for (int q = 0; q < queries.length; q++) {
            long[] sorted = ms[q].clone();
            Arrays.sort(sorted);
            long[] cpuSorted = cpu[q].clone();
            Arrays.sort(cpuSorted);
            System.out.printf("%s|%d|%.1f|%.1f|%.1f|%s%n", queries[q], hits[q], pct(sorted, 50), pct(sorted, 99),
                    sorted[sorted.length - 1] / 1e6, pid == null ? "-" : Long.toString(cpuSorted[(rounds - 1) / 2]));
        }
    }

    static void plan(String uri) {
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase db = client.getDatabase("opendrive");
            for (String name : List.of("files", "search_index")) {
                List<String> keys = new ArrayList<>();
                db.getCollection(name).listIndexes().forEach(i -> keys.add(i.get("key", Document.class).toJson()));
                System.out.println("indexes on " + name + ": " + keys);
            }
            Document query = new Document("ownerId", new ObjectId()).append("nameTokens", "report");
            try {
                Document explain = db.runCommand(new Document("explain",
                        new Document("find", "search_index").append("filter", query)));
                System.out.println("explain: " + explain.toJson());
            } catch (RuntimeException e) {
                System.out.println("explain: not supported by this server (" + e.getMessage() + ")");
            }
        }
    }

    /** utime + stime of the process in ms (clock ticks of 10 ms on Linux), or 0 without a pid. */
    static long cpuMillis(String pid) throws java.io.IOException {
        if (pid == null) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
