package dev.opendrive.thumbnails;

import java.time.Instant;
import java.util.Optional;

import org.bson.types.ObjectId;

import dev.opendrive.model.files.FileDocument;

/**
 * The two things the thumbnail handler does with the files collection, behind an interface so the
 * handler's logic is testable without a database ({@link MongoThumbnailDocuments} in production).
 */
public interface ThumbnailDocuments {

    /** The file's current document, trashed or not; empty when it no longer exists. */
    Optional<FileDocument> find(ObjectId fileId);

    /**
     * Sets only thumbnailPath, thumbnailGeneratedAt and hasThumbnail on the document (a targeted
     * update: a rename or move may be writing the same document concurrently).
     *
     * @return false when no document has this id any more (it was deleted in the meantime)
     */
    boolean markGenerated(ObjectId fileId, String thumbnailKey, Instant generatedAt);
}
