import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

import dev.opendrive.model.search.NameIndex;
import dev.opendrive.model.search.Tokenizer;

/**
 * Scale benchmark helper (run by bench/scale.sh with the API's jars on the class path).
 * <p>
 * {@code seed <mongoUri> <templateFileId> <from> <to> <bigFolderId>}: adds files number from..to-1 to the
 * template file's owner by cloning the file document and search-index entry the running API wrote
 * (an uploaded, indexed text file), as the API and the indexer would write them: display name, key
 * and trigrams by the production {@link NameIndex}, tokens by the production {@link Tokenizer}.
 * Files 0..999 go into the big folder; the others into folders of 1000 created alongside. 9 in 10
 * are photos ("IMG_0001234.jpg", no text content, as an indexed image has), 1 in 10 documents with
 * ~40 words of content; "zanzibar" is in 1 name of 20000, "quarterly" in the content of 1 document
 * of 100, "report" in about 1 document name of 10.
 * <p>
 * {@code measure <baseUrl> <token> <rounds> <path>...}: GETs each path {@code rounds} times after 30
 * warm-up rounds (and 2000 requests warming this client up), interleaved, one request at a time,
 * over HTTP/1.1 keep-alive; prints "path|status|p50|p99|max" in ms.
 * <p>
 * {@code upload <baseUrl> <token> <count> <put|multipart> <folderId|->}: uploads {@code count} 4 KiB
 * files one after another; prints uploads per second.
 */
public class ScaleBench {

    static final String[] FIRST = {"report", "invoice", "notes", "budget", "meeting", "draft", "scan", "contract",
            "summary", "minutes"};
    static final String[] SECOND = {"acme", "globex", "initech", "umbrella", "hooli", "vehement", "stark", "wayne",
            "wonka", "tyrell", "cyberdyne", "soylent", "oscorp", "massive", "dynamic", "aperture"};
    static final String[] EXT = {".pdf", ".docx", ".txt", ".xlsx", ".md"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seed" -> seed(args[1], new ObjectId(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    new ObjectId(args[5]));
            case "measure" -> measure(args[1], args[2], Integer.parseInt(args[3]), Arrays.copyOfRange(args, 4, args.length));
            case "upload" -> upload(args[1], args[2], Integer.parseInt(args[3]), args[4], args[5]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static String name(int i, Random random) {
        if (i % 20000 == 7) {
            return "zanzibar trip " + i + ".jpg";
        }
        if (i % 10 != 3) {
            return String.format("IMG_%07d.jpg", i);
        }
        return FIRST[random.nextInt(FIRST.length)] + "-" + SECOND[random.nextInt(SECOND.length)] + "-"
                + (2015 + random.nextInt(11)) + "-" + String.format("%07d", i) + EXT[random.nextInt(EXT.length)];
    }

    static String content(int i, Random random) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 40; w++) {
            text.append("w").append(Integer.toString(random.nextInt(5000), 36)).append(' ');
        }
        if (i % 1000 == 423) {
            text.append("Quarterly figures");
        }
        return text.toString();
    }

    static void seed(String uri, ObjectId templateId, int from, int to, ObjectId bigFolder) {
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase db = client.getDatabase("opendrive");
            MongoCollection<Document> files = db.getCollection("files");
            MongoCollection<Document> folders = db.getCollection("folders");
            MongoCollection<Document> index = db.getCollection("search_index");
            Document fileTemplate = files.find(new Document("_id", templateId)).first();
            Document entryTemplate = index.find(new Document("_id", templateId)).first();
            Document folderTemplate = folders.find(new Document("_id", bigFolder)).first();
            if (fileTemplate == null || entryTemplate == null || folderTemplate == null) {
                throw new IllegalStateException("template file, its index entry or the big folder not found");
            }
            Random random = new Random(from);
            HexFormat hex = HexFormat.of();
            List<Document> fileBatch = new ArrayList<>();
            List<Document> entryBatch = new ArrayList<>();
            long started = System.nanoTime();
            Instant base = Instant.now().minusSeconds(to);
            ObjectId folder = bigFolder;
            for (int i = from; i < to; i++) {
                if (i >= 1000 && i % 1000 == 0) {
                    folder = new ObjectId();
                    Document f = new Document(folderTemplate);
                    f.put("_id", folder);
                    String folderName = "Photos " + (i / 1000);
                    f.put("name", folderName);
                    f.put("nameKey", NameIndex.key(folderName));
                    f.put("nameGrams", NameIndex.grams(folderName));
                    folders.insertOne(f);
                }
                ObjectId id = new ObjectId();
                String name = name(i, random);
                boolean photo = name.endsWith(".jpg");
                byte[] sha = new byte[32];
                random.nextBytes(sha);
                String sha256 = hex.formatHex(sha);
                Date at = Date.from(base.plusSeconds(i));
                String text = photo ? "" : content(i, random);
                long size = photo ? 2_000_000 + random.nextInt(1_000_000) : text.length();
                Document file = new Document(fileTemplate);
                file.put("_id", id);
                file.put("name", UUID.randomUUID() + "-" + name);
                file.put("originalName", name);
                file.put("nameKey", NameIndex.key(name));
                file.put("nameGrams", NameIndex.grams(name));
                file.put("folderId", folder);
                file.put("storageKey", "bench/" + id.toHexString());
                file.put("mimeType", photo ? "image/jpeg" : "text/plain");
                file.put("sha256", sha256);
                file.put("size", size);
                file.put("createdAt", at);
                file.put("updatedAt", at);
                fileBatch.add(file);
                Document entry = new Document(entryTemplate);
                entry.put("_id", id);
                entry.put("folderId", folder);
                entry.put("name", name);
                entry.put("nameTokens", Tokenizer.indexTokens(name));
                entry.put("contentTokens", photo ? List.of() : Tokenizer.indexTokens(text));
                entry.put("sha256", sha256);
                entry.put("mimeType", photo ? "image/jpeg" : "text/plain");
                entry.put("size", size);
                entry.put("contentChars", (long) text.length());
                entry.put("skipped", photo ? "unsupported type image/jpeg" : null);
                entry.put("indexedAt", at);
                entry.put("updatedAt", at);
                entryBatch.add(entry);
                if (fileBatch.size() == 1000 || i == to - 1) {
                    files.insertMany(fileBatch);
                    index.insertMany(entryBatch);
                    fileBatch.clear();
                    entryBatch.clear();
                    if ((i + 1) % 50_000 == 0) {
                        System.err.printf("seeded %d in %d s%n", i + 1, (System.nanoTime() - started) / 1_000_000_000);
                    }
                }
            }
            System.out.printf("seeded files %d..%d in %.1f s%n", from, to - 1, (System.nanoTime() - started) / 1e9);
        }
    }

    static void measure(String base, String token, int rounds, String[] paths) throws Exception {
        // HTTP/1.1 keep-alive, like wrk and most clients; no h2c upgrade dance
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[][] ns = new long[paths.length][rounds];
        int[] status = new int[paths.length];
        // this client's own code must be compiled before it times anything: a cold JVM adds
        // milliseconds per request (measured: 6 ms for a request wrk times at 0.5 ms)
        warmUp(http, base + "/api/health", WARM_UP_REQUESTS);
        // and so must the server's for these routes: the first phase runs on a fresh JVM, and its
        // figures are the reference the later phases are compared with
        for (int r = -WARM_UP_ROUNDS; r < rounds; r++) {
            for (int p = 0; p < paths.length; p++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + paths[p]))
                        .header("Authorization", "Bearer " + token).build();
                long t0 = System.nanoTime();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long t1 = System.nanoTime();
                status[p] = response.statusCode();
                if (r >= 0) {
                    ns[p][r] = t1 - t0;
                }
            }
        }
        for (int p = 0; p < paths.length; p++) {
            long[] sorted = ns[p].clone();
            Arrays.sort(sorted);
            System.out.printf("%s|%d|%.1f|%.1f|%.1f%n", paths[p], status[p], pct(sorted, 50), pct(sorted, 99),
                    sorted[sorted.length - 1] / 1e6);
        }
    }

    static final int WARM_UP_REQUESTS = Integer.getInteger("warmUp", 2000);
    static final int WARM_UP_ROUNDS = Integer.getInteger("warmUpRounds", 30);

    static void warmUp(HttpClient http, String url, int requests) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        for (int i = 0; i < requests; i++) {
            http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    static void upload(String base, String token, int count, String mode, String folderId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        byte[] content = new byte[4096];
        new Random(count).nextBytes(content);
        String folder = folderId.equals("-") ? null : folderId;
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String name = "upload-" + mode + "-" + UUID.randomUUID() + ".bin";
            HttpRequest request;
            if (mode.equals("put")) {
                String q = "?name=" + name + (folder == null ? "" : "&folderId=" + folder);
                request = HttpRequest.newBuilder(URI.create(base + "/api/files/content" + q))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build();
            } else {
                String boundary = "----scale" + UUID.randomUUID();
                java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
                if (folder != null) {
                    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"folderId\"\r\n\r\n" + folder
                            + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.writeBytes(content);
                body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                request = HttpRequest.newBuilder(URI.create(base + "/api/files"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
            }
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(mode + " upload: " + response.statusCode() + " " + response.body());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%.1f%n", count / seconds);
    }

    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
