package dev.opendrive.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for a broker that is reached over TLS only (Confluent Cloud), to check the Kafka client
 * settings a launched app derives from KAFKA_API_KEY/KAFKA_API_SECRET without a real broker: a
 * loopback listener handed to the app as KAFKA_BOOTSTRAP_SERVERS that reads the first bytes of
 * every connection, notes whether they open a TLS handshake (a ClientHello record) or plaintext
 * Kafka, and hangs up. Tests get the {@link Connections} in a field of that type.
 */
public class TlsBrokerStandInTestResource implements QuarkusTestResourceLifecycleManager {

    /** What clients sent so far. */
    public static final class Connections {
        private final AtomicInteger tlsClientHellos = new AtomicInteger();
        private final AtomicInteger other = new AtomicInteger();

        /** Connections that opened with a TLS ClientHello (the client speaks SSL, as SASL_SSL needs). */
        public int tlsClientHellos() {
            return tlsClientHellos.get();
        }

        /** Connections that opened with anything else (plaintext Kafka starts with a request size). */
        public int other() {
            return other.get();
        }
    }

    private final Connections connections = new Connections();
    private ServerSocket server;

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "tls-broker-stand-in");
        acceptor.setDaemon(true);
        acceptor.start();
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5000);
                byte[] head = new byte[6];
                int n = readFully(socket.getInputStream(), head);
                // TLS record: content type 22 (handshake), version 3.x, 2 bytes length, then handshake type 1
                boolean clientHello = n == head.length && head[0] == 0x16 && head[1] == 0x03 && head[5] == 0x01;
                (clientHello ? connections.tlsClientHellos : connections.other).incrementAndGet();
            } catch (IOException e) {
                // closed at stop(), or a client that hung up first
            }
        }
    }

    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int n = 0;
        while (n < buffer.length) {
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(connections, new TestInjector.MatchesType(Connections.class));
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // the JVM is ending
        }
    }
}
