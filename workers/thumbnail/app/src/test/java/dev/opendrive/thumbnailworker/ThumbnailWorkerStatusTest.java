package dev.opendrive.thumbnailworker;

import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.WorkerStatusContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(WorkerStatusContract.UnreachableDatabase.class)
class ThumbnailWorkerStatusTest extends WorkerStatusContract {

    @Override
    protected String handler() {
        return "thumbnail";
    }
}
