package dev.opendrive.searchworker;

import dev.opendrive.testing.KafkaTestResource;
import dev.opendrive.testing.WorkerStatusContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@TestProfile(WorkerStatusContract.UnreachableDatabase.class)
class SearchIndexerStatusTest extends WorkerStatusContract {

    @Override
    protected String handler() {
        return "search-indexer";
    }
}
