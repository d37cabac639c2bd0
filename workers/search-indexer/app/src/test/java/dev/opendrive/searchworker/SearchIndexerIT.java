package dev.opendrive.searchworker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import dev.opendrive.testing.LaunchedApp;
import dev.opendrive.testing.SampleFiles;
import dev.opendrive.testing.TestDatabase;
import dev.opendrive.testing.UploadedFile;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged search-indexer worker as deployed, against the module's test MongoDB and Kafka (its
 * global test resources) and a local blob directory shared with the test: a file.uploaded record
 * turns into a search index entry holding the words of the file; a PDF's words too (PDFBox in the
 * packaged app).
 */
@QuarkusIntegrationTest
class SearchIndexerIT {

    @Test
    void statusAndHealth() {
        given().get("/").then().statusCode(200).body("service", is("opendrive-search-indexer"))
                .body("deploymentMode", is("microservices")).body("handler", is("search-indexer"));
        LaunchedApp.assertLive();
        LaunchedApp.awaitReady(Duration.ofSeconds(30));
    }

    @Test
    void aFileUploadedRecordMakesTheTextAndPdfContentSearchable() {
        try (TestDatabase db = TestDatabase.ofLaunchedApp()) {
            UploadedFile notes = UploadedFile.put(db, "meeting-notes.txt", "text/plain",
                    "Minutes: the aquarium budget was approved.".getBytes(StandardCharsets.UTF_8)).publishUploaded();
            UploadedFile survey = UploadedFile.put(db, "survey.pdf", "application/pdf",
                    SampleFiles.pdf("Annual zebra migration survey")).publishUploaded();

            Document notesEntry = entry(db, notes);
            assertThat(notesEntry.getObjectId("ownerId")).isEqualTo(notes.ownerId());
            assertThat(notesEntry.getList("contentTokens", String.class)).contains("aquarium", "budget", "approved");
            assertThat(notesEntry.getList("nameTokens", String.class)).contains("meeting", "notes");
            Document surveyEntry = entry(db, survey);
            assertThat(surveyEntry.getList("contentTokens", String.class)).contains("zebra", "migration", "survey");
            assertThat(surveyEntry.getString("skipped")).isNull();
        }
    }

    /** The file's entry in the search index collection, once the worker wrote it. */
    private static Document entry(TestDatabase db, UploadedFile file) {
        return await("index entry of " + file.id()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> db.collection("search_index", Document.class).find(Filters.eq("_id", file.id())).first(),
                        e -> e != null);
    }
}
