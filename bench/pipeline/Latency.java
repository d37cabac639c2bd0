import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

/**
 * Upload -> thumbnail-ready latency against a running OpenDrive: uploads N photos one after the
 * other and polls each file until hasThumbnail is true. Prints p50/p95/max in milliseconds.
 * Usage: java Latency.java <baseUrl> [count] [megapixels]
 */
public class Latency {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double megapixels = args.length > 2 ? Double.parseDouble(args[2]) : 12;
        byte[] photo = photo(megapixels);
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        String token = field(post(base + "/api/auth/register", "application/json",
                ("{\"email\":\"" + email + "\",\"password\":\"benchmark password\"}").getBytes(StandardCharsets.UTF_8), null),
                "token");
        // one warm-up upload, not measured
        measure(base, token, photo, "warmup.jpg");
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            latencies.add(measure(base, token, photo, "photo-" + i + ".jpg"));
        }
        Collections.sort(latencies);
        System.out.printf("photos=%d size=%.1fMP bytes=%d p50=%dms p95=%dms max=%dms%n", count, megapixels, photo.length,
                pct(latencies, 50), pct(latencies, 95), latencies.get(latencies.size() - 1));
    }

    static long measure(String base, String token, byte[] photo, String name) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(photo);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String uploaded = post(base + "/api/files", "multipart/form-data; boundary=" + boundary, body.toByteArray(), token);
        long acknowledged = System.nanoTime();
        String id = field(uploaded, "_id");
        long deadline = acknowledged + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/files/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (r.body().contains("\"hasThumbnail\":true")) {
                return (System.nanoTime() - acknowledged) / 1_000_000;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no thumbnail for " + id + " after 120 s");
    }

    static long pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }

    static String post(String url, String type, byte[] body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** A photo-like JPEG: gradients, shapes and sensor-like noise (flat colour would flatter any decoder). */
    static byte[] photo(double megapixels) throws Exception {
        int w = (int) Math.round(Math.sqrt(megapixels * 1_000_000 * 4 / 3));
        int h = w * 3 / 4;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), w, h, new Color(240, 170, 60)));
        g.fillRect(0, 0, w, h);
        Random r = new Random(42);
        for (int i = 0; i < 300; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), 120));
            g.fillOval(r.nextInt(w), r.nextInt(h), 20 + r.nextInt(w / 6), 20 + r.nextInt(h / 6));
        }
        g.dispose();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int n = r.nextInt(17) - 8;
                int c = row[x];
                int red = Math.max(0, Math.min(255, ((c >> 16) & 255) + n));
                int green = Math.max(0, Math.min(255, ((c >> 8) & 255) + n));
                int blue = Math.max(0, Math.min(255, (c & 255) + n));
                row[x] = (red << 16) | (green << 8) | blue;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
