import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
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
 * Drives the running topology: uploads N images; after `killAfter` uploads it runs the given kill
 * command (the thumbnail worker dies mid-stream) and, after the uploads, the restart command. Then
 * it waits until every image has its thumbnail and prints a one-line summary; exits 1 on any loss.
 * Usage: java WorkerRestartDrill.java <api> <count> <killAfter> "<kill cmd>" "<restart cmd>"
 */
public class WorkerRestartDrill {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String api = args[0];
        int count = Integer.parseInt(args[1]);
        int killAfter = Integer.parseInt(args[2]);
        String token = field(send(api + "/api/auth/register", "application/json", ("{\"email\":\"drill-"
                + UUID.randomUUID() + "@example.com\",\"password\":\"drill password\"}").getBytes(StandardCharsets.UTF_8),
                null), "token");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i == killAfter) {
                run(args[3]);
            }
            ids.add(field(upload(api, token, "img-" + i + ".png", png(i)), "_id"));
        }
        run(args[4]);
        long deadline = System.nanoTime() + 180_000_000_000L;
        int done = 0;
        while (System.nanoTime() < deadline) {
            done = 0;
            for (String id : ids) {
                if (get(api + "/api/files/" + id, token).contains("\"hasThumbnail\":true")) {
                    done++;
                }
            }
            if (done == ids.size()) {
                break;
            }
            Thread.sleep(500);
        }
        int ok = 0;
        for (String id : ids) {
            HttpResponse<byte[]> t = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/files/" + id + "/thumbnail"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (t.statusCode() == 200 && ImageIO.read(new java.io.ByteArrayInputStream(t.body())).getWidth() == 200) {
                ok++;
            }
        }
        System.out.printf("uploaded %d, thumbnails %d, served 200x200 %d, lost %d%n", ids.size(), done, ok, ids.size() - ok);
        System.exit(ok == ids.size() ? 0 : 1);
    }

    static void run(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).inheritIO().start();
        p.waitFor();
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

    static String upload(String api, String token, String name, byte[] content) throws Exception {
        String boundary = "----drill" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(api + "/api/files", "multipart/form-data; boundary=" + boundary, body.toByteArray(), token);
    }

    static String send(String url, String type, byte[] body, String token) throws Exception {
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

    static String get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
