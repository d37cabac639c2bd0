package dev.opendrive.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Downloads from local storage go out with sendfile: whatever the route takes, a user gets exactly
 * the bytes they stored, whole or by range, also many at once, and HEAD describes without a body.
 */
@QuarkusTest
class DownloadTest {

    private static final int SIZE = 3 * 1024 * 1024 + 17;

    @Test
    void wholeRangedAndConcurrentDownloadsReturnTheStoredBytes() throws Exception {
        Api.User u = Api.newUser();
        byte[] content = new byte[SIZE];
        new Random(42).nextBytes(content);
        String id = u.upload(null, "video.bin", content);

        Response whole = u.as().get("/api/files/" + id + "/download");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.header("Content-Length")).isEqualTo(String.valueOf(SIZE));
        assertThat(whole.asByteArray()).isEqualTo(content);

        Response middle = u.as().header("Range", "bytes=1000000-2000000").get("/api/files/" + id + "/download");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.header("Content-Range")).isEqualTo("bytes 1000000-2000000/" + SIZE);
        assertThat(middle.asByteArray()).isEqualTo(Arrays.copyOfRange(content, 1000000, 2000001));

        Response tail = u.as().header("Range", "bytes=-500").get("/api/files/" + id + "/download");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.asByteArray()).isEqualTo(Arrays.copyOfRange(content, SIZE - 500, SIZE));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> downloads = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                long start = i * 100_000L;
                downloads.add(pool.submit(() -> u.as().header("Range", "bytes=" + start + "-")
                        .get("/api/files/" + id + "/download").asByteArray()));
            }
            for (int i = 0; i < downloads.size(); i++) {
                assertThat(downloads.get(i).get()).as("download %d", i)
                        .isEqualTo(Arrays.copyOfRange(content, i * 100_000, SIZE));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void headDescribesTheDownloadWithoutSendingIt() {
        Api.User u = Api.newUser();
        String id = u.upload(null, "notes.txt", "twelve bytes".getBytes());

        Response head = u.as().head("/api/files/" + id + "/download");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("12");
        assertThat(head.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(head.asByteArray()).isEmpty();
    }
}
