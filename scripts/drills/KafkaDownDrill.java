import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

/**
 * Drives the running topology through a Kafka outage: runs the stop command (Kafka gone), uploads
 * N images and N text files (each must answer 201), reads the API's outbox gauge, runs the start
 * command (Kafka back), then waits until every image has its thumbnail and every text file is found
 * by a word only its content holds. Prints a one-line summary; exits 1 on any failed upload or loss.
 * Usage: java KafkaDownDrill.java <api> <count> "<stop kafka cmd>" "<start kafka cmd>"
 */
public class KafkaDownDrill {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String api = args[0];
        int count = Integer.parseInt(args[1]);
        String token = field(send(api + "/api/auth/register", "application/json", ("{\"email\":\"drill-"
                + UUID.randomUUID() + "@example.com\",\"password\":\"drill password\"}").getBytes(StandardCharsets.UTF_8),
                null).body(), "token");
        run(args[2]);
        List<String> images = new ArrayList<>();
        List<String[]> texts = new ArrayList<>(); // {id, word}
        int failed = 0;
        long slowestMs = 0;
        for (int i = 0; i < count; i++) {
            String word = "outage" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            for (boolean image : new boolean[] { true, false }) {
                long started = System.nanoTime();
                HttpResponse<String> r = image ? upload(api, token, "img-" + i + ".png", "image/png", png(i))
                        : upload(api, token, "note-" + i + ".txt", "text/plain",
                                ("written while Kafka was down: " + word + "\n").getBytes(StandardCharsets.UTF_8));
                slowestMs = Math.max(slowestMs, (System.nanoTime() - started) / 1_000_000);
                if (r.statusCode() != 201) {
                    failed++;
                    System.out.println("drill: upload answered " + r.statusCode() + " " + r.body());
                    continue;
                }
                if (image) {
                    images.add(field(r.body(), "_id"));
                } else {
                    texts.add(new String[] { field(r.body(), "_id"), word });
                }
            }
        }
        String pending = metric(api, "opendrive_events_outbox_pending");
        System.out.println("drill: " + (images.size() + texts.size()) + " uploads answered 201 with Kafka down (slowest "
                + slowestMs + " ms); outbox pending " + pending);
        long restarted = System.nanoTime();
        run(args[3]);
        long deadline = System.nanoTime() + 180_000_000_000L;
        int thumbs = 0;
        int found = 0;
        while (System.nanoTime() < deadline) {
            thumbs = 0;
            for (String id : images) {
                if (get(api + "/api/files/" + id, token).contains("\"hasThumbnail\":true")) {
                    thumbs++;
                }
            }
            found = 0;
            for (String[] t : texts) {
                String hits = get(api + "/api/search?type=files&q=" + URLEncoder.encode(t[1], StandardCharsets.UTF_8), token);
                if (hits.contains("\"_id\":\"" + t[0] + "\"")) {
                    found++;
                }
            }
            if (thumbs == images.size() && found == texts.size()) {
                break;
            }
            Thread.sleep(500);
        }
        long settledMs = (System.nanoTime() - restarted) / 1_000_000;
        int lost = (images.size() - thumbs) + (texts.size() - found);
        System.out.printf("kafka-down: uploads %d (201: %d, failed %d, slowest %d ms), outbox pending while down %s, "
                + "thumbnails %d/%d, searchable %d/%d, lost %d, all done %d ms after Kafka restart (restart included), "
                + "outbox pending now %s, sent %s%n", 2 * count, images.size() + texts.size(), failed, slowestMs, pending,
                thumbs, images.size(), found, texts.size(), lost, settledMs, metric(api, "opendrive_events_outbox_pending"),
                metric(api, "opendrive_events_outbox_sent_total"));
        System.exit(failed == 0 && lost == 0 ? 0 : 1);
    }

    /** Metrics are on the API's management port, which scripts/topology.sh sets to the API port + 3. */
    static String metric(String api, String name) throws Exception {
        URI base = URI.create(api);
        String metrics = base.getScheme() + "://" + base.getHost() + ":" + (base.getPort() + 3) + "/q/metrics";
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)").matcher(get(metrics, null));
        return m.find() ? m.group(1).replaceAll("\\.0$", "") : "?";
    }

    static void run(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }

    static byte[] png(int seed) throws Exception {
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(new Color(seed * 37 % 256, seed * 91 % 256, seed * 53 % 256));
        g.fillRect(0, 0, 800, 600);
        g.setColor(Color.WHITE);
        g.fillOval(200, 100, 400, 400);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static HttpResponse<String> upload(String api, String token, String name, String type, byte[] content)
            throws Exception {
        String boundary = "----drill" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(api + "/api/files", "multipart/form-data; boundary=" + boundary, body.toByteArray(), token);
    }

    static HttpResponse<String> send(String url, String type, byte[] body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
