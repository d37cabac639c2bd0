package dev.opendrive.functions;

import dev.opendrive.searchindexer.SearchIndexHandler;
import dev.opendrive.thumbnails.ThumbnailHandler;
import io.cloudevents.CloudEvent;
import io.quarkus.funqy.Funq;
import jakarta.inject.Singleton;

/**
 * The CloudEvent entry points for the push path (Cloud Run functions behind Eventarc): the same
 * handlers as the Kafka workers, run per pushed event instead of per polled record. One deployable
 * jar holds both; a deployment picks its function with QUARKUS_FUNQY_EXPORT (thumbnail or
 * searchIndex). Each accepts a Kafka-source event (data = the record value, our FileEvent) and a
 * GCS object-finalized event for an uploaded blob.
 */
@Singleton
public class PushFunctions {

    private final PushDelivery delivery;
    private final ThumbnailHandler thumbnails;
    private final SearchIndexHandler searchIndex;

    public PushFunctions(PushDelivery delivery, ThumbnailHandler thumbnails, SearchIndexHandler searchIndex) {
        this.delivery = delivery;
        this.thumbnails = thumbnails;
        this.searchIndex = searchIndex;
    }

    @Funq("thumbnail")
    public void thumbnail(CloudEvent event) throws Exception {
        delivery.deliver(thumbnails, event);
    }

    @Funq("searchIndex")
    public void searchIndex(CloudEvent event) throws Exception {
        delivery.deliver(searchIndex, event);
    }
}
