package dev.opendrive.api.events;

import dev.opendrive.model.config.OpenDriveConfig;
import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.api.folders.FolderDocument;
import jakarta.enterprise.context.ApplicationScoped;
import dev.opendrive.model.events.EventPublisher;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventData;

/** Builds and publishes the events the services emit, so the payloads are decided in one place. */
@ApplicationScoped
public class FileEvents {

    private final EventPublisher publisher;
    private final String service;

    public FileEvents(EventPublisher publisher, OpenDriveConfig config) {
        this.publisher = publisher;
        this.service = config.serviceName();
    }

    public void file(String type, FileDocument f) {
        file(type, f, null);
    }

    public void file(String type, FileDocument f, Boolean permanent) {
        publisher.publish(FileEvent.of(type, new FileEventData(f.id.toHexString(), f.storageKey, f.mimeType,
                ObjectIds.str(f.ownerId), f.size, ObjectIds.str(f.folderId), f.originalName, permanent), service));
    }

    public void folderDeleted(FolderDocument folder, boolean permanent) {
        publisher.publish(FileEvent.of(FileEvent.FOLDER_DELETED,
                FileEventData.folder(folder.id.toHexString(), ObjectIds.str(folder.ownerId), permanent), service));
    }
}
