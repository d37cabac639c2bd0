package dev.opendrive.api.zip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.opendrive.api.testing.Api;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.storage.StorageProvider;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

/**
 * The archive streams: its first bytes reach the client while the server has not yet read the last
 * blob. Shown without timing: the client reads the start of the response and stops, far more bytes
 * than any buffer on the way can hold are still ahead of the last file, and that file's blob is
 * deleted now. A server that built the archive before sending would deliver the file intact; a
 * streaming one meets the missing blob only when it gets there, and reports it in MISSING.txt.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class ZipStreamingTest {

    /** The test profile's upload limit is 4 MiB a file. */
    private static final int FILE = 4 * 1024 * 1024;
    /** 64 MiB ahead of the last file: more than the socket buffers, Vert.x and the client hold together. */
    private static final int FILES_AHEAD = 16;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    FileRepository files;

    @Inject
    StorageProvider storage;

    @Test
    void theFirstBytesArriveBeforeTheLastBlobIsReadAndAMissingBlobIsReported() throws Exception {
        Api.User u = Api.newUser();
        String folder = u.folder("Big", null);
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < FILES_AHEAD; i++) {
            byte[] bytes = new byte[FILE];
            new Random(i).nextBytes(bytes);
            String name = String.format("a-%02d.bin", i);
            u.upload(folder, name, bytes);
            expected.put("Big/" + name, Unzipped.sha256(bytes));
        }
        String last = u.upload(folder, "z-last.txt", "the last file".getBytes());

        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/folders/" + folder + "/download"))
                .header("Authorization", "Bearer " + u.token()).GET().build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        InputStream body = response.body();
        byte[] start = body.readNBytes(64 * 1024);
        assertThat(start).hasSize(64 * 1024);

        storage.delete(files.findById(new ObjectId(last)).storageKey);
        Unzipped zip = Unzipped.of(new SequenceInputStream(new ByteArrayInputStream(start), body));

        Map<String, String> got = zip.sha256s();
        assertThat(got).containsAllEntriesOf(expected).doesNotContainKey("Big/z-last.txt");
        assertThat(zip.text("MISSING.txt")).contains("Big/z-last.txt (content not found in storage)");
    }
}
