package dev.opendrive.searchindexer;

import org.bson.types.ObjectId;

import dev.opendrive.model.db.ObjectIds;
import dev.opendrive.model.events.EventData.AboutFile;
import dev.opendrive.model.events.EventData.FileDeleted;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the search index in step with file events. Uploads and restores (re)index name and
 * content; renames and moves refresh the name part only; a permanent delete removes the entry.
 * Moving a file to the trash changes nothing here: queries skip trashed files, and a restore then
 * needs no new extraction. A folder's deletion reaches the index through its files' events.
 */
@ApplicationScoped
public class SearchIndexHandler implements FileEventHandler {

    public static final String NAME = "search-indexer";

    private final SearchIndexer indexer;

    public SearchIndexHandler(SearchIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(FileEvent event) {
        return switch (event.type()) {
            case FILE_UPLOADED, FILE_RESTORED, FILE_RENAMED, FILE_MOVED -> true;
            case FILE_DELETED -> ((FileDeleted) event.data()).permanent();
            case FOLDER_DELETED -> false;
        };
    }

    @Override
    public void handle(FileEvent event) throws Exception {
        String raw = ((AboutFile) event.data()).file().fileId();
        ObjectId fileId = ObjectIds.parse(raw).orElseThrow(() -> new UnprocessableEventException(
                "event " + event.type().wire() + " " + event.id() + " has no valid fileId: " + raw));
        switch (event.type()) {
            case FILE_UPLOADED, FILE_RESTORED -> indexer.index(fileId, false);
            case FILE_RENAMED, FILE_MOVED -> indexer.rename(fileId);
            case FILE_DELETED -> indexer.remove(fileId, "deleted permanently");
            case FOLDER_DELETED -> throw new IllegalStateException("not accepted: " + event.type());
        }
    }
}
