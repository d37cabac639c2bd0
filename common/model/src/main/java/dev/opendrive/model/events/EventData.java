package dev.opendrive.model.events;

/** The payload of one kind of event; each record knows its {@link EventType}. */
public sealed interface EventData permits EventData.AboutFile, EventData.FolderDeleted {

    EventType type();

    /** The user whose drive changed (a string as it travels; may be null in foreign events). */
    String userId();

    /** The Kafka record key: one file's (or folder's) events stay in order on one partition. */
    String key();

    /** The event of a file event type about a file ({@code permanent} only matters for a deletion). */
    static AboutFile forFile(EventType type, FileRef file, boolean permanent) {
        return switch (type) {
            case FILE_UPLOADED -> new FileUploaded(file);
            case FILE_DELETED -> new FileDeleted(file, permanent);
            case FILE_RESTORED -> new FileRestored(file);
            case FILE_RENAMED -> new FileRenamed(file);
            case FILE_MOVED -> new FileMoved(file);
            case FOLDER_DELETED -> throw new IllegalArgumentException("not a file event: " + type);
        };
    }

    /** An event about one file. */
    sealed interface AboutFile extends EventData permits FileUploaded, FileDeleted, FileRestored, FileRenamed, FileMoved {
        FileRef file();

        @Override
        default String userId() {
            return file().userId();
        }

        @Override
        default String key() {
            return file().fileId();
        }
    }

    record FileUploaded(FileRef file) implements AboutFile {
        @Override
        public EventType type() {
            return EventType.FILE_UPLOADED;
        }
    }

    /** Moved to the trash ({@code permanent} false) or deleted for good. */
    record FileDeleted(FileRef file, boolean permanent) implements AboutFile {
        @Override
        public EventType type() {
            return EventType.FILE_DELETED;
        }
    }

    record FileRestored(FileRef file) implements AboutFile {
        @Override
        public EventType type() {
            return EventType.FILE_RESTORED;
        }
    }

    record FileRenamed(FileRef file) implements AboutFile {
        @Override
        public EventType type() {
            return EventType.FILE_RENAMED;
        }
    }

    record FileMoved(FileRef file) implements AboutFile {
        @Override
        public EventType type() {
            return EventType.FILE_MOVED;
        }
    }

    /** A folder (and so its tree) moved to the trash or deleted for good. */
    record FolderDeleted(String folderId, String userId, boolean permanent) implements EventData {
        @Override
        public EventType type() {
            return EventType.FOLDER_DELETED;
        }

        @Override
        public String key() {
            return folderId;
        }
    }
}
