import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client of scripts/drills/vm-failover.sh. It talks only to nginx, over HTTPS as a browser
 * would, while one of the API instances behind it is killed with -9 and started again:
 * <ul>
 * <li>registers two users and uploads {@code count} files of random content (1 B - 1.5 MiB),
 * alternating users, at most {@code rate} per second and {@code concurrency} at a time; every 201 is
 * recorded with the SHA-256 of what was sent;</li>
 * <li>meanwhile {@code readers} threads download acknowledged files (checking their SHA-256) and
 * list folders; a download cut mid-body is resumed with Range, as clients do;</li>
 * <li>after {@code killAt} acknowledged uploads starts {@code slow} more uploads of {@code slowMiB}
 * MiB sent at {@code slowMiBps} MiB/s, and {@code slowLead} seconds later, while those are in the
 * middle of their bodies, runs {@code kill}; {@code downFor} seconds later {@code start}, which
 * returns once the instance is healthy; readers go on {@code after} seconds past the end of the
 * uploads and the restart;</li>
 * <li>then checks: every acknowledged upload is listed once and downloads byte-identically; an
 * upload that was not acknowledged is absent or complete, never half-present nor stored twice; no
 * GET failed (nginx passed those that met the dead instance on to the other); each instance's access
 * log shows requests, the killed one also after its restart.</li>
 * </ul>
 * Options (key=value): base=https://127.0.0.1:5443 cacert=PEM count=200 concurrency=4 rate=4 readers=2
 * killAt=50 slow=4 slowMiB=8 slowMiBps=2 slowLead=1.5 downFor=10 after=5 kill=CMD start=CMD
 * logs=api-1.log,api-2.log killed=1 nginxLog=FILE.
 * <p>
 * HTTP/2, like browsers, with two quirks of the JDK 17 client. nginx closes an HTTP/2 connection
 * after keepalive_requests (1000) requests with GOAWAY, and the client fails every request still
 * open on it ("GOAWAY received") where browsers send the unprocessed ones again: a GET failed that
 * way is sent once more and counted apart. And when nginx answers an upload before its body is
 * complete (503 because the instance died with the request in flight, then RST_STREAM NO_ERROR as
 * HTTP/2 allows) the client does not hand over that answer; the upload fails when the connection
 * closes later (GOAWAY). curl gets the 503 at once. Such an upload counts as not acknowledged, and
 * what nginx answered is read from its access log.
 * Prints one line starting "vm-failover:"; exits 1 on a loss, a half-present or doubled file, a failed
 * GET or an instance that served nothing.
 */
public class VmFailoverDrill {

    static final Map<String, String> OPT = new HashMap<>(Map.ofEntries(Map.entry("base", "https://127.0.0.1:5443"),
            Map.entry("count", "200"), Map.entry("concurrency", "4"), Map.entry("rate", "4"), Map.entry("readers", "2"),
            Map.entry("killAt", "50"), Map.entry("slow", "4"), Map.entry("slowMiB", "8"), Map.entry("slowMiBps", "2"),
            Map.entry("slowLead", "1.5"), Map.entry("downFor", "10"), Map.entry("after", "5"), Map.entry("killed", "1")));
    static final String PASSWORD = "vm failover drill password";
    /** A Quarkus access-log line (QUARKUS_HTTP_ACCESS_LOG_ENABLED=true, default pattern). */
    static final Pattern ACCESS = Pattern.compile("access-log\\].*\"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) ");

    record Source(int n, String user, String name, byte[] content, String sha) {
    }

    record Acked(Source source, String id) {
    }

    static HttpClient http;
    static String base;
    static final Map<String, String> tokens = new ConcurrentHashMap<>();
    static final List<Acked> acked = new CopyOnWriteArrayList<>();
    static final Map<Integer, String> notAcked = new ConcurrentHashMap<>();
    static final Map<Integer, Source> sources = new ConcurrentHashMap<>();
    static final AtomicInteger gets = new AtomicInteger();
    static final AtomicInteger getsFailed = new AtomicInteger();
    static final AtomicInteger getsCutResumed = new AtomicInteger();
    static final AtomicInteger getsCorrupt = new AtomicInteger();
    static final AtomicInteger getsWhileDown = new AtomicInteger();
    static final AtomicInteger getsFailedWhileDown = new AtomicInteger();
    static final AtomicInteger uploadsWhileDown = new AtomicInteger();
    static final AtomicInteger uploadsFailedWhileDown = new AtomicInteger();
    static final AtomicInteger getsResentAfterGoaway = new AtomicInteger();
    static final Map<Integer, Integer> slowResults = new ConcurrentHashMap<>();
    static volatile boolean down;
    static volatile boolean readersStop;

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            int eq = a.indexOf('=');
            OPT.put(a.substring(0, eq), a.substring(eq + 1));
        }
        base = OPT.get("base");
        http = client(Path.of(OPT.get("cacert")));
        int count = integer("count");
        List<Path> logs = OPT.get("logs").lines().flatMap(l -> List.of(l.split(",")).stream()).map(Path::of).toList();
        int killed = integer("killed") - 1;
        long[] logStart = new long[logs.size()];
        for (int i = 0; i < logs.size(); i++) {
            logStart[i] = Files.size(logs.get(i));
        }
        long nginxStart = Files.size(Path.of(OPT.get("nginxLog")));

        String run = Long.toString(System.currentTimeMillis(), 36);
        for (String u : List.of("a", "b")) {
            String email = "vm-" + run + "-" + u + "@example.com";
            HttpResponse<String> r = post("/api/auth/register", "application/json",
                    ("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8), null);
            if (r.statusCode() != 201) {
                throw new IllegalStateException("register " + r.statusCode() + " " + r.body());
            }
            tokens.put(u, field(r.body(), "token"));
        }

        // the kill and the restart, in the background: uploads and downloads go on meanwhile
        long[] killedLogAt = new long[2];
        Thread chaos = new Thread(() -> {
            try {
                while (acked.size() < integer("killAt")) {
                    Thread.sleep(20);
                }
                List<Thread> slow = new ArrayList<>();
                for (int i = 0; i < integer("slow"); i++) {
                    int n = count + i;
                    Thread t = new Thread(() -> upload(n, run, integer("slowMiB") << 20, true));
                    t.start();
                    slow.add(t);
                }
                Thread.sleep((long) (Double.parseDouble(OPT.get("slowLead")) * 1000));
                killedLogAt[0] = Files.size(logs.get(killed));
                down = true;
                run(OPT.get("kill"));
                System.out.printf("drill: api-%d killed (-9) after %d acknowledged uploads at %s, %d uploads of %d MiB in the"
                        + " middle of their bodies%n", killed + 1, acked.size(), now(), slow.size(), integer("slowMiB"));
                Thread.sleep(integer("downFor") * 1000L);
                killedLogAt[1] = Files.size(logs.get(killed));
                run(OPT.get("start"));
                down = false;
                System.out.printf("drill: api-%d restarted and healthy at %s; %d uploads acknowledged so far%n", killed + 1, now(),
                        acked.size());
                for (Thread t : slow) {
                    t.join();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        chaos.start();

        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < integer("readers"); i++) {
            Thread t = new Thread(VmFailoverDrill::read);
            t.start();
            readers.add(t);
        }

        ExecutorService pool = Executors.newFixedThreadPool(integer("concurrency"));
        long t0 = System.nanoTime();
        double rate = Double.parseDouble(OPT.get("rate"));
        for (int i = 0; i < count; i++) {
            long due = t0 + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            pool.submit(() -> upload(n, run, new Random(n).nextInt(3 * 512 * 1024) + 1, false));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        chaos.join();
        Thread.sleep(integer("after") * 1000L);
        readersStop = true;
        for (Thread t : readers) {
            t.join();
        }

        // --- afterwards, both instances up: what is stored
        int ackedOk = 0;
        int storedUnacked = 0;
        int storedUnackedIntact = 0;
        int doubled = 0;
        int unexpected = 0;
        Map<String, Integer> listedIds = new HashMap<>();
        Map<Integer, Integer> storedPerUpload = new HashMap<>();
        for (String u : tokens.keySet()) {
            String listing = get("/api/files/folder/root", tokens.get(u)).body();
            Matcher m = Pattern.compile("\"_id\":\"([0-9a-f]{24})\"").matcher(listing);
            while (m.find()) {
                String id = m.group(1);
                listedIds.merge(id, 1, Integer::sum);
                String meta = get("/api/files/" + id, tokens.get(u)).body();
                Matcher name = Pattern.compile("vm-" + run + "-(\\d+)\\.bin").matcher(field(meta, "originalName"));
                if (!name.matches()) {
                    unexpected++;
                    System.err.println("UNEXPECTED file " + id + ": " + meta);
                    continue;
                }
                int n = Integer.parseInt(name.group(1));
                storedPerUpload.merge(n, 1, Integer::sum);
                if (notAcked.containsKey(n)) {
                    storedUnacked++;
                    Result r = download(id, tokens.get(u), sources.get(n));
                    if (r == Result.OK || r == Result.RESUMED) {
                        storedUnackedIntact++;
                    } else {
                        System.err.printf("HALF-PRESENT upload #%d (not acknowledged: %s) stored as %s%n", n, notAcked.get(n), id);
                    }
                }
            }
        }
        for (var e : storedPerUpload.entrySet()) {
            if (e.getValue() > 1) {
                doubled++;
                System.err.printf("DOUBLED upload #%d stored %d times%n", e.getKey(), e.getValue());
            }
        }
        for (Acked a : acked) {
            boolean listedOnce = listedIds.getOrDefault(a.id(), 0) == 1;
            Result r = download(a.id(), tokens.get(a.source().user()), a.source());
            if (listedOnce && r == Result.OK) {
                ackedOk++;
            } else {
                System.err.printf("LOST acknowledged upload #%d (%s): listed once %s, download %s%n", a.source().n(), a.id(),
                        listedOnce, r);
            }
        }

        // download links carry the scheme nginx reported (X-Forwarded-Proto, trusted with TRUST_PROXY)
        Acked first = acked.get(0);
        String url = field(get("/api/files/" + first.id() + "/link", tokens.get(first.source().user())).body(), "url");
        URI link = URI.create(url);
        HttpResponse<byte[]> viaLink = http.send(HttpRequest.newBuilder(URI.create(base + link.getRawPath()
                + (link.getRawQuery() == null ? "" : "?" + link.getRawQuery()))).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        boolean linkOk = url.startsWith("https://") && viaLink.statusCode() == 200
                && sha256(viaLink.body()).equals(first.source().sha());
        System.out.printf("download link: %s... (%s), fetched without a token through nginx: %d, byte-identical %s%n",
                url.substring(0, Math.min(url.length(), 40)), url.startsWith("https://") ? "https: X-Forwarded-Proto trusted" : "NOT https",
                viaLink.statusCode(), linkOk);

        // --- who served what: each instance's access log, nginx's log for requests passed on
        int[] served = new int[logs.size()];
        for (int i = 0; i < logs.size(); i++) {
            served[i] = accessLines(logs.get(i), logStart[i], Long.MAX_VALUE);
        }
        int killedBefore = accessLines(logs.get(killed), logStart[killed], killedLogAt[0]);
        int killedAfter = accessLines(logs.get(killed), killedLogAt[1], Long.MAX_VALUE);
        Map<String, Integer> passedOn = new HashMap<>();
        Map<String, Integer> answeredByNginx = new HashMap<>();
        int nginxLines = 0;
        try (RandomAccessFile f = new RandomAccessFile(OPT.get("nginxLog"), "r")) {
            f.seek(nginxStart);
            for (String line; (line = f.readLine()) != null;) {
                nginxLines++;
                Matcher m = Pattern.compile("\"(\\w+) .* upstream=([^ ]+), ").matcher(line);
                if (m.find()) {
                    passedOn.merge(m.group(1), 1, Integer::sum);
                }
                // one instance tried, it failed, nginx answered itself (the 503 of @unavailable)
                Matcher own = Pattern.compile("\"(\\w+) [^\"]*\" 503 .* upstream=[^ ,]+ ustatus=50[24] ").matcher(line);
                if (own.find()) {
                    answeredByNginx.merge(own.group(1), 1, Integer::sum);
                }
            }
        }
        StringBuilder spread = new StringBuilder();
        int total = 0;
        for (int s : served) {
            total += s;
        }
        for (int i = 0; i < served.length; i++) {
            spread.append(i == 0 ? "" : ", ").append(String.format("api-%d %d (%d%%)", i + 1, served[i],
                    total == 0 ? 0 : Math.round(100.0 * served[i] / total)));
        }
        System.out.printf("load: %s of %d requests in the instances' access logs (nginx logged %d);"
                + " api-%d: %d before the kill, %d after its restart%n", spread, total, nginxLines, killed + 1, killedBefore, killedAfter);
        System.out.printf("nginx passed on to the other instance: %s (upstream=A, B in its log); answered 503 itself,"
                + " the request having reached the instance that died: %s%n", passedOn.isEmpty() ? "none" : passedOn,
                answeredByNginx.isEmpty() ? "none" : answeredByNginx);
        System.out.printf("uploads in the middle of their bodies at the kill: %d, client saw %s (0: no answer)%n", slowResults.size(),
                new java.util.TreeMap<>(slowResults.values().stream().collect(java.util.stream.Collectors.groupingBy(c -> c,
                        java.util.stream.Collectors.counting()))));
        System.out.printf("while api-%d was down: %d GETs (failed %d), %d uploads (not acknowledged %d)%n", killed + 1,
                getsWhileDown.get(), getsFailedWhileDown.get(), uploadsWhileDown.get(), uploadsFailedWhileDown.get());
        if (getsResentAfterGoaway.get() > 0) {
            System.out.printf("GETs sent again after the client failed them on an HTTP/2 GOAWAY: %d%n", getsResentAfterGoaway.get());
        }
        notAcked.forEach((n, why) -> System.out.printf("not acknowledged: upload #%d: %s%n", n, why));

        int lost = acked.size() - ackedOk;
        int halfPresent = storedUnacked - storedUnackedIntact;
        boolean spreadOk = java.util.Arrays.stream(served).allMatch(s -> s > 0) && killedAfter > 0;
        boolean ok = lost == 0 && halfPresent == 0 && doubled == 0 && unexpected == 0 && getsFailed.get() == 0
                && getsCorrupt.get() == 0 && spreadOk && linkOk;
        System.out.printf("vm-failover: uploads %d, acknowledged %d (byte-identical %d), not acknowledged %d (client must retry;"
                + " stored anyway %d, intact %d), half-present %d, doubled %d; GETs %d (failed %d, corrupt %d, cut and resumed %d);"
                + " served by %s; lost %d -> %s%n",
                count + integer("slow"), acked.size(), ackedOk, notAcked.size(), storedUnacked, storedUnackedIntact, halfPresent, doubled,
                gets.get(), getsFailed.get(), getsCorrupt.get(), getsCutResumed.get(), spread, lost, ok ? "passed" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    /** One file in one multipart request; slow: the body sent at slowMiBps, so it is still on its way at the kill. */
    static void upload(int n, String run, int size, boolean slow) {
        byte[] content = new byte[size];
        new Random(n * 31L + 7).nextBytes(content);
        Source s = new Source(n, n % 2 == 0 ? "a" : "b", "vm-" + run + "-" + n + ".bin", content, sha256(content));
        sources.put(n, s);
        boolean whileDown = down;
        if (whileDown) {
            uploadsWhileDown.incrementAndGet();
        }
        String boundary = "----vmdrill" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + s.name()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = post("/api/files", "multipart/form-data; boundary=" + boundary, body.toByteArray(),
                    tokens.get(s.user()), slow ? Double.parseDouble(OPT.get("slowMiBps")) * (1 << 20) : 0);
            if (slow) {
                slowResults.put(n, r.statusCode());
            }
            if (r.statusCode() == 201) {
                acked.add(new Acked(s, field(r.body(), "_id")));
                return;
            }
            notAcked.put(n, r.statusCode() + " " + r.body());
        } catch (Exception e) {
            notAcked.put(n, "no answer: " + e);
            if (slow) {
                slowResults.put(n, 0);
            }
        }
        if (whileDown) {
            uploadsFailedWhileDown.incrementAndGet();
        }
    }

    /** Downloads and listings of acknowledged files, as long as the run lasts. */
    static void read() {
        int i = 0;
        while (!readersStop) {
            try {
                if (acked.isEmpty()) {
                    Thread.sleep(50);
                    continue;
                }
                boolean whileDown = down;
                Result r;
                if (++i % 5 == 0) {
                    String user = i % 2 == 0 ? "a" : "b";
                    try {
                        HttpResponse<String> l = send(HttpRequest.newBuilder(URI.create(base + "/api/files/folder/root"))
                                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + tokens.get(user)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        r = l.statusCode() == 200 ? Result.OK : Result.FAILED;
                        if (r == Result.FAILED) {
                            System.err.println("GET listing: " + l.statusCode() + " " + l.body());
                        }
                    } catch (IOException e) {
                        System.err.println("GET listing: no answer: " + e);
                        r = Result.FAILED;
                    }
                } else {
                    Acked a = acked.get(ThreadLocalRandom.current().nextInt(acked.size()));
                    r = download(a.id(), tokens.get(a.source().user()), a.source());
                }
                gets.incrementAndGet();
                if (whileDown) {
                    getsWhileDown.incrementAndGet();
                }
                switch (r) {
                    case FAILED -> {
                        getsFailed.incrementAndGet();
                        if (whileDown) {
                            getsFailedWhileDown.incrementAndGet();
                        }
                    }
                    case CORRUPT -> getsCorrupt.incrementAndGet();
                    case RESUMED -> getsCutResumed.incrementAndGet();
                    case OK -> {
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    enum Result {
        OK, RESUMED, FAILED, CORRUPT
    }

    /** GET .../download; a body cut short is resumed once with Range from where it stopped. */
    static Result download(String id, String token, Source expected) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long got = 0;
            boolean resumed = false;
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/files/" + id + "/download"))
                        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
                if (got > 0) {
                    b.header("Range", "bytes=" + got + "-");
                }
                HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != (got > 0 ? 206 : 200)) {
                    System.err.printf("GET download %s: %d %s%n", id, r.statusCode(), new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
                    return Result.FAILED;
                }
                try (InputStream in = r.body()) {
                    byte[] buf = new byte[65536];
                    for (int n; (n = in.read(buf)) > 0;) {
                        md.update(buf, 0, n);
                        got += n;
                    }
                    break;
                } catch (IOException cut) {
                    System.err.printf("GET download %s cut after %d bytes: %s%n", id, got, cut);
                    resumed = true;
                }
            }
            if (got != expected.content().length) {
                return Result.FAILED;
            }
            if (!HexFormat.of().formatHex(md.digest()).equals(expected.sha())) {
                System.err.printf("CORRUPT download %s (upload #%d)%n", id, expected.n());
                return Result.CORRUPT;
            }
            return resumed ? Result.RESUMED : Result.OK;
        } catch (Exception e) {
            System.err.printf("GET download %s: no answer: %s%n", id, e);
            return Result.FAILED;
        }
    }

    static int accessLines(Path log, long from, long to) throws IOException {
        int n = 0;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(from);
            for (String line; f.getFilePointer() < to && (line = f.readLine()) != null;) {
                if (ACCESS.matcher(line).find()) {
                    n++;
                }
            }
        }
        return n;
    }

    static HttpClient client(Path caCert) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            trust.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        // HTTP/2 over TLS (ALPN), as browsers talk to nginx
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A GET, sent once more if the client failed it on a GOAWAY (see the class comment). */
    static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("GOAWAY")) {
                getsResentAfterGoaway.incrementAndGet();
                return http.send(request, handler);
            }
            throw e;
        }
    }

    static HttpResponse<String> post(String path, String type, byte[] body, String token) throws Exception {
        return post(path, type, body, token, 0);
    }

    /** bytesPerSecond > 0: the body is sent no faster than that. */
    static HttpResponse<String> post(String path, String type, byte[] body, String token, double bytesPerSecond) throws Exception {
        HttpRequest.BodyPublisher publisher = bytesPerSecond <= 0 ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new Throttled(body, bytesPerSecond)), body.length);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .timeout(Duration.ofSeconds(120)).POST(publisher);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads a byte array no faster than the given rate. */
    static final class Throttled extends InputStream {
        private final byte[] data;
        private final double bytesPerNano;
        private final long start = System.nanoTime();
        private int pos;

        Throttled(byte[] data, double bytesPerSecond) {
            this.data = data;
            this.bytesPerNano = bytesPerSecond / 1e9;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= data.length) {
                return -1;
            }
            long allowed;
            while ((allowed = (long) ((System.nanoTime() - start) * bytesPerNano) - pos) <= 0) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            int n = (int) Math.min(Math.min(len, allowed), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    static HttpResponse<String> get(String path, String token) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        }
    }

    static void run(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
    }

    static int integer(String key) {
        return Integer.parseInt(OPT.get(key));
    }

    static LocalTime now() {
        return LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
