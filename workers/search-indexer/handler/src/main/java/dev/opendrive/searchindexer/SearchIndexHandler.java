package dev.opendrive.searchindexer;

import org.bson.types.ObjectId;

import dev.opendrive.model.db.ObjectIds;
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
        if (event == null || event.event() == null || event.data() == null) {
            return false;
        }
        return switch (event.event()) {
            case FileEvent.FILE_UPLOADED, FileEvent.FILE_RESTORED, FileEvent.FILE_RENAMED, FileEvent.FILE_MOVED -> true;
            case FileEvent.FILE_DELETED -> Boolean.TRUE.equals(event.data().permanent());
            default -> false;
        };
    }

    @Override
    public void handle(FileEvent event) throws Exception {
        if (!accepts(event)) {
            return;
        }
        ObjectId fileId = ObjectIds.parse(event.data().fileId()).orElseThrow(() -> new UnprocessableEventException(
                "event " + event.event() + " " + event.id() + " has no valid fileId: " + event.data().fileId()));
        switch (event.event()) {
            case FileEvent.FILE_UPLOADED, FileEvent.FILE_RESTORED -> indexer.index(fileId, false);
            case FileEvent.FILE_RENAMED, FileEvent.FILE_MOVED -> indexer.rename(fileId);
            case FileEvent.FILE_DELETED -> indexer.remove(fileId, "deleted permanently");
            default -> {
            }
        }
    }
}
