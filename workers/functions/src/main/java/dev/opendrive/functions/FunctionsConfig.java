package dev.opendrive.functions;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of the pushed-event entry points (Cloud Run functions behind Eventarc). */
@ConfigMapping(prefix = "opendrive.functions")
public interface FunctionsConfig {

    /**
     * How long after a GCS object was finalized a missing file document still counts as "not yet
     * recorded": the API stores the blob before it saves the document, so the storage event can
     * win the race. Within this window the function fails and Eventarc redelivers; after it the
     * blob is taken for an abandoned upload and the event is acknowledged.
     */
    @WithName("storage-event-grace")
    @WithDefault("10m")
    Duration storageEventGrace();
}
