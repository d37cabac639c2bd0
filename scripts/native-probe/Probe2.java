// Probe only (scripts/native-probe/probe.sh): files, zip, an HTTP round trip on loopback, time zone and locale.
import com.sun.net.httpserver.HttpServer;
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.zip.*;

public class Probe2 {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        // files (libjava/libnio)
        Path dir = Files.createTempDirectory("probe2");
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "hello files");
        System.out.println("file: " + Files.readString(f) + " size=" + Files.size(f));
        // zip + inflater (libzip)
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) { z.putNextEntry(new ZipEntry("x")); z.write("zipped text zipped text".getBytes()); }
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bos.toByteArray()))) { z.getNextEntry(); System.out.println("zip: " + new String(z.readAllBytes())); }
        CRC32 crc = new CRC32(); crc.update("abc".getBytes()); System.out.println("crc32(abc)=" + Long.toHexString(crc.getValue()));
        // HTTP server + client over loopback (libnet/libnio, threads)
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", ex -> { byte[] b = "pong".getBytes(); ex.sendResponseHeaders(200, b.length); ex.getResponseBody().write(b); ex.close(); });
        server.start();
        int port = server.getAddress().getPort();
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/ping").openConnection();
        System.out.println("http: " + c.getResponseCode() + " " + new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdown();
        // time zone, locale, env, processors, name lookup
        System.out.println("tz=" + TimeZone.getDefault().getID() + " locale=" + Locale.getDefault() + " cpus=" + Runtime.getRuntime().availableProcessors()
                + " maxMemMB=" + Runtime.getRuntime().maxMemory() / 1048576 + " localhost=" + InetAddress.getByName("localhost").getHostAddress());
        System.out.println("elapsed ms=" + (System.nanoTime() - t0) / 1_000_000);
    }
}
