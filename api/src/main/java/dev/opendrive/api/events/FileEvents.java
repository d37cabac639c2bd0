package dev.opendrive.api.events;

import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.model.events.EventData;
import dev.opendrive.model.events.EventData.FileDeleted;
import dev.opendrive.model.events.EventData.FileMoved;
import dev.opendrive.model.events.EventData.FileRenamed;
import dev.opendrive.model.events.EventData.FileRestored;
import dev.opendrive.model.events.EventData.FileUploaded;
import dev.opendrive.model.events.EventData.FolderDeleted;
import dev.opendrive.model.events.EventPublisher;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileRef;
import dev.opendrive.model.files.FileDocument;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds and publishes the events the services emit, so the payloads are decided in one place. */
@ApplicationScoped
public class FileEvents {

    private final EventPublisher publisher;
    private final String service;

    public FileEvents(EventPublisher publisher, OpenDriveConfig config) {
        this.publisher = publisher;
        this.service = config.serviceName();
    }

    public void uploaded(FileDocument f) {
        publish(new FileUploaded(FileRef.of(f)));
    }

    public void renamed(FileDocument f) {
        publish(new FileRenamed(FileRef.of(f)));
    }

    public void moved(FileDocument f) {
        publish(new FileMoved(FileRef.of(f)));
    }

    public void restored(FileDocument f) {
        publish(new FileRestored(FileRef.of(f)));
    }

    /** Moved to the trash, or ({@code permanent}) deleted for good. */
    public void deleted(FileDocument f, boolean permanent) {
        publish(new FileDeleted(FileRef.of(f), permanent));
    }

    public void folderDeleted(FolderDocument folder, boolean permanent) {
        publish(new FolderDeleted(folder.id.toHexString(), ObjectIds.str(folder.ownerId), permanent));
    }

    private void publish(EventData data) {
        publisher.publish(FileEvent.of(data, service));
    }
}
