import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Drives a running topology (scripts/topology.sh up) over HTTP and Kafka and checks that nothing
 * is lost or doubled while workers die mid-stream:
 * <ul>
 * <li>uploads {@code count} files (every other one a PNG, the rest text files each holding one
 * unique word) spread over {@code users} accounts, {@code concurrency} requests at a time;</li>
 * <li>runs {@code --at N "command"} in the background once N uploads were acknowledged (kill -9 a
 * worker, restart it) so uploads keep streaming meanwhile;</li>
 * <li>publishes poisoned records straight onto the events topic after {@code poisonAfter} uploads;</li>
 * <li>then waits until every image has its thumbnail and every text file is found by its word,
 * checks the users cannot see each other's files (list, search, direct GET: 404), counts the
 * thumbnail blobs in the storage directory, reads the whole DLQ topic and the consumer-group lag.</li>
 * </ul>
 * Prints {@code uploaded N, thumbnails N, indexed N, lost 0, duplicates 0, dlq K}; exits 1 on any
 * loss, duplicate, leak between users, or DLQ record that is not one of the poisoned ones.
 * Needs the Kafka client jars on the class path (the topology's kafka.classpath file):
 * {@code java -cp "$(cat $TOPOLOGY_DIR/kafka.classpath)" TopologyDrill.java api=... kafka=... storage=... [options] [--at N cmd]...}
 * Options (key=value): count=200 users=2 concurrency=4 images=0.5 poison=true poisonAfter=20
 * topic=file-events dlq=file-events-dlq groups=thumbnail-workers,search-indexer-workers wait=240
 */
public class TopologyDrill {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Map<String, String> OPT = new HashMap<>(Map.of("count", "200", "users", "2", "concurrency", "4",
            "images", "0.5", "poison", "true", "poisonAfter", "20", "topic", "file-events", "dlq", "file-events-dlq",
            "groups", "thumbnail-workers,search-indexer-workers", "wait", "240"));

    record Upload(String id, String user, boolean image, String word) {
    }

    public static void main(String[] args) throws Exception {
        TreeMap<Integer, List<String>> actions = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--at")) {
                actions.computeIfAbsent(Integer.parseInt(args[i + 1]), k -> new ArrayList<>()).add(args[i + 2]);
                i += 2;
            } else {
                String[] kv = args[i].split("=", 2);
                OPT.put(kv[0], kv[1]);
            }
        }
        String api = OPT.get("api");
        int count = Integer.parseInt(OPT.get("count"));
        int userCount = Integer.parseInt(OPT.get("users"));
        int imageEvery = (int) Math.round(1 / Double.parseDouble(OPT.get("images")));
        boolean poison = Boolean.parseBoolean(OPT.get("poison"));
        int poisonAfter = Integer.parseInt(OPT.get("poisonAfter"));
        List<String> tokens = new ArrayList<>();
        for (int u = 0; u < userCount; u++) {
            tokens.add(field(send(api + "/api/auth/register", "application/json", ("{\"email\":\"drill-" + UUID.randomUUID()
                    + "@example.com\",\"password\":\"drill password\"}").getBytes(StandardCharsets.UTF_8), null), "token"));
        }

        // what earlier runs left behind is not this run's concern
        Set<String> blobsBefore = OPT.containsKey("storage") ? thumbnailBlobs() : Set.of();
        Map<TopicPartition, Long> dlqStart = OPT.containsKey("kafka") ? endOffsets(OPT.get("dlq")) : Map.of();

        // --- uploads, with the scheduled actions and the poison injected mid-stream ---
        List<String> poisoned = List.of("{this is not json",
                "{\"id\":\"drill-poison-no-data\",\"event\":\"file.uploaded\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"service\":\"drill\"}",
                "{\"id\":\"drill-poison-bad-id\",\"event\":\"file.uploaded\",\"data\":{\"fileId\":\"not-an-object-id\","
                        + "\"mimetype\":\"image/png\",\"userId\":\"x\",\"size\":1,\"name\":\"x.png\"},"
                        + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"service\":\"drill\"}");
        Map<Integer, Upload> uploads = new ConcurrentHashMap<>();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failedUploads = new AtomicInteger();
        List<Thread> background = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Integer.parseInt(OPT.get("concurrency")));
        List<Future<?>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            pending.add(pool.submit(() -> {
                int u = n % userCount;
                boolean image = n % imageEvery == 0;
                String word = image ? null : uniqueWord(n);
                try {
                    String body = image ? upload(api, tokens.get(u), "img-" + n + ".png", "image/png", png(n))
                            : upload(api, tokens.get(u), "note-" + n + ".txt", "text/plain",
                                    ("Drill note " + n + ".\nThe secret word of this note is " + word + ".\n")
                                            .getBytes(StandardCharsets.UTF_8));
                    uploads.put(n, new Upload(field(body, "_id"), tokens.get(u), image, word));
                } catch (Exception e) {
                    failedUploads.incrementAndGet();
                    System.err.println("upload " + n + " failed: " + e.getMessage());
                }
                int done = acknowledged.incrementAndGet();
                if (poison && done == poisonAfter) {
                    try {
                        publish(poisoned);
                    } catch (Exception e) {
                        throw new IllegalStateException("publishing the poisoned records failed", e);
                    }
                }
                synchronized (actions) {
                    for (String command : actions.headMap(done, true).values().stream().flatMap(List::stream).toList()) {
                        Thread t = new Thread(() -> run(command));
                        t.start();
                        background.add(t);
                    }
                    actions.headMap(done, true).clear();
                }
                return null;
            }));
        }
        for (Future<?> f : pending) {
            f.get();
        }
        pool.shutdown();
        for (Thread t : background) {
            t.join();
        }

        // --- every image gets its thumbnail, every text file is found by its word ---
        List<Upload> all = new ArrayList<>(uploads.values());
        long deadline = System.nanoTime() + Long.parseLong(OPT.get("wait")) * 1_000_000_000L;
        Set<String> thumbnailed = ConcurrentHashMap.newKeySet();
        Map<String, Integer> foundTimes = new ConcurrentHashMap<>();
        while (true) {
            for (Upload up : all) {
                if (up.image() && !thumbnailed.contains(up.id())
                        && get(api + "/api/files/" + up.id(), up.user()).body().contains("\"hasThumbnail\":true")) {
                    thumbnailed.add(up.id());
                }
                if (!up.image() && foundTimes.getOrDefault(up.id(), 0) != 1) {
                    String result = get(api + "/api/search?type=files&q=" + enc(up.word()), up.user()).body();
                    foundTimes.put(up.id(), occurrences(result, "\"_id\":\"" + up.id() + "\""));
                }
            }
            long images = all.stream().filter(Upload::image).count();
            long indexedOnce = foundTimes.values().stream().filter(v -> v == 1).count();
            if ((thumbnailed.size() == images && indexedOnce == all.size() - images) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        int thumbnails = 0;
        for (Upload up : all) {
            if (up.image()) {
                HttpResponse<byte[]> t = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/files/" + up.id() + "/thumbnail"))
                        .header("Authorization", "Bearer " + up.user()).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (t.statusCode() == 200 && ImageIO.read(new ByteArrayInputStream(t.body())).getWidth() == 200) {
                    thumbnails++;
                }
            }
        }
        int images = (int) all.stream().filter(Upload::image).count();
        int indexed = (int) all.stream().filter(u -> !u.image() && foundTimes.getOrDefault(u.id(), 0) >= 1).count();
        int duplicates = (int) foundTimes.values().stream().filter(v -> v > 1).count();

        // thumbnails are written to a fixed key per file: exactly one blob per image, nothing else
        if (OPT.containsKey("storage")) {
            List<String> blobs = thumbnailBlobs().stream().filter(b -> !blobsBefore.contains(b)).toList();
            Set<String> expected = all.stream().filter(Upload::image).map(u -> u.id() + "_thumb.jpg").collect(Collectors.toSet());
            long extra = blobs.stream().filter(b -> !expected.contains(b)).count();
            if (extra > 0) {
                System.err.println("thumbnail blobs that belong to no image: "
                        + blobs.stream().filter(b -> !expected.contains(b)).limit(5).toList());
            }
            duplicates += (int) extra;
            System.out.printf("new thumbnail blobs on disk: %d for %d images%n", blobs.size(), images);
        }

        // --- isolation: list, search, direct GET ---
        int leaks = 0;
        for (String token : tokens) {
            String listing = get(api + "/api/files/folder/root", token).body();
            for (Upload up : all) {
                boolean mine = up.user().equals(token);
                int seen = occurrences(listing, "\"_id\":\"" + up.id() + "\"");
                if (mine && seen != 1) {
                    System.err.println("file " + up.id() + " listed " + seen + " times for its owner");
                    if (seen == 0) {
                        failedUploads.incrementAndGet();
                    } else {
                        duplicates++;
                    }
                }
                if (!mine) {
                    int status = get(api + "/api/files/" + up.id(), token).statusCode();
                    int download = get(api + "/api/files/" + up.id() + "/download", token).statusCode();
                    int found = up.image() ? 0 : occurrences(get(api + "/api/search?q=" + enc(up.word()), token).body(), up.id());
                    if (seen != 0 || status != 404 || download != 404 || found != 0) {
                        leaks++;
                        System.err.printf("LEAK file %s: listed %d, GET %d, download %d, search hits %d%n", up.id(), seen,
                                status, download, found);
                    }
                }
            }
        }
        System.out.printf("isolation: %d users, %d cross-user probes, leaks %d%n", tokens.size(),
                all.size() * (tokens.size() - 1), leaks);

        // --- DLQ: exactly the poisoned records, once per consumer group; no lag left behind ---
        List<String> groups = List.of(OPT.get("groups").split(","));
        int dlq = 0;
        int unexpected = 0;
        if (OPT.containsKey("kafka")) {
            int expected = poison ? poisoned.size() * groups.size() : 0;
            Map<String, Integer> perValue = readDlq(expected, dlqStart);
            dlq = perValue.values().stream().mapToInt(Integer::intValue).sum();
            // At least once: a worker killed after dead-lettering a record but before committing its
            // offset dead-letters it again when it comes back. Extra copies of a poisoned record are
            // such redeliveries; anything not poisoned, or a group that never dead-lettered it, is not.
            int redelivered = 0;
            for (var e : perValue.entrySet()) {
                if (!poisoned.contains(e.getKey())) {
                    unexpected += e.getValue();
                    System.err.println("DLQ holds a record that was not poisoned, " + e.getValue() + "x: " + abbreviate(e.getKey()));
                } else if (e.getValue() < groups.size()) {
                    unexpected += groups.size() - e.getValue();
                    System.err.println("DLQ holds a poisoned record only " + e.getValue() + "x: " + abbreviate(e.getKey()));
                } else {
                    redelivered += e.getValue() - groups.size();
                }
            }
            if (redelivered > 0) {
                System.out.printf("dlq: %d poisoned records dead-lettered again after a worker was killed before committing%n",
                        redelivered);
            }
            if (poison) {
                for (String p : poisoned) {
                    if (!perValue.containsKey(p)) {
                        unexpected++;
                        System.err.println("poisoned record missing from the DLQ: " + abbreviate(p));
                    }
                }
            }
            Map<String, Long> lag = lag(groups);
            System.out.printf("dlq: %d new records for %d poisoned x %d consumer groups, unexpected %d; consumer lag %s%n", dlq,
                    poison ? poisoned.size() : 0, groups.size(), unexpected, lag);
            // a group that never catches up has records nobody handled
            unexpected += (int) lag.values().stream().filter(v -> v != 0).count();
        }

        int lost = failedUploads.get() + (images - thumbnails) + (all.size() - images - indexed);
        System.out.printf("uploaded %d, thumbnails %d, indexed %d, lost %d, duplicates %d, dlq %d%n", all.size(), thumbnails,
                indexed, lost, duplicates, dlq);
        System.exit(lost == 0 && duplicates == 0 && leaks == 0 && unexpected == 0 ? 0 : 1);
    }

    static String uniqueWord(int n) {
        Random random = new Random(System.nanoTime() + n);
        StringBuilder word = new StringBuilder("drillword");
        for (int i = 0; i < 12; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    static Properties kafka() {
        Properties p = new Properties();
        p.put("bootstrap.servers", OPT.get("kafka"));
        return p;
    }

    static void publish(List<String> records) throws Exception {
        Properties p = kafka();
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String value : records) {
                producer.send(new ProducerRecord<>(OPT.get("topic"), value)).get();
            }
        }
        System.out.println("drill: published " + records.size() + " poisoned records to " + OPT.get("topic"));
    }

    static Set<String> thumbnailBlobs() throws Exception {
        Path dir = Path.of(OPT.get("storage"), "thumbnails");
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        try (Admin admin = Admin.create(kafka())) {
            var topics = admin.describeTopics(List.of(topic)).allTopicNames();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            try {
                topics.get().get(topic).partitions().forEach(i -> latest.put(new TopicPartition(topic, i.partition()), OffsetSpec.latest()));
            } catch (java.util.concurrent.ExecutionException e) {
                return ends; // no such topic yet: everything in it will be new
            }
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        }
        return ends;
    }

    /** Reads the DLQ topic from `start` until `expected` records arrived and 5 s passed without more. */
    static Map<String, Integer> readDlq(int expected, Map<TopicPartition, Long> start) {
        Properties p = kafka();
        p.put("group.id", "drill-" + UUID.randomUUID());
        p.put("enable.auto.commit", "false");
        Map<String, Integer> values = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(OPT.get("dlq"), Duration.ofSeconds(5)).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            if (partitions.isEmpty()) {
                return values;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (TopicPartition tp : partitions) {
                if (start.containsKey(tp)) {
                    consumer.seek(tp, start.get(tp));
                }
            }
            int seen = 0;
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.merge(String.valueOf(r.value()), 1, Integer::sum);
                    seen++;
                    quietSince = System.nanoTime();
                }
                if (seen >= expected && System.nanoTime() - quietSince > 5_000_000_000L) {
                    break;
                }
            }
        } catch (Exception e) {
            System.err.println("reading the DLQ failed: " + e);
        }
        return values;
    }

    /** Records of the events topic not yet committed by each group (waits up to 30 s for throttled commits). */
    static Map<String, Long> lag(List<String> groups) throws Exception {
        Map<String, Long> lag = new TreeMap<>();
        try (Admin admin = Admin.create(kafka())) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            do {
                for (String group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    admin.describeTopics(List.of(OPT.get("topic"))).allTopicNames().get().get(OPT.get("topic")).partitions()
                            .forEach(i -> latest.put(new TopicPartition(OPT.get("topic"), i.partition()), OffsetSpec.latest()));
                    long total = 0;
                    for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        total += e.getValue().offset() - (c == null ? 0 : c.offset());
                    }
                    lag.put(group, total);
                }
                if (lag.values().stream().allMatch(v -> v == 0)) {
                    break;
                }
                Thread.sleep(1000);
            } while (System.nanoTime() < deadline);
        }
        return lag;
    }

    static void run(String command) {
        try {
            new ProcessBuilder("bash", "-c", command).inheritIO().start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(command, e);
        }
    }

    static byte[] png(int seed) throws Exception {
        BufferedImage image = new BufferedImage(2000, 1500, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(new Color(seed * 37 % 256, seed * 91 % 256, seed * 53 % 256));
        g.fillRect(0, 0, 2000, 1500);
        g.setColor(Color.WHITE);
        g.fillOval(500, 300, 1000, 900);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static String upload(String api, String token, String name, String type, byte[] content) throws Exception {
        String boundary = "----drill" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(api + "/api/files", "multipart/form-data; boundary=" + boundary, body.toByteArray(), token);
    }

    static String send(String url, String type, byte[] body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
