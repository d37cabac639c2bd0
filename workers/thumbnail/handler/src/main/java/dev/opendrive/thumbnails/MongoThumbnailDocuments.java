package dev.opendrive.thumbnails;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.ObjectId;

import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** {@link ThumbnailDocuments} on the "files" collection through the shared repository. */
@ApplicationScoped
public class MongoThumbnailDocuments implements ThumbnailDocuments {

    private final FileRepository files;

    public MongoThumbnailDocuments(FileRepository files) {
        this.files = files;
    }

    @Override
    public Optional<FileDocument> find(ObjectId fileId) {
        return files.find("{_id: ?1}", fileId).firstResultOptional();
    }

    @Override
    public boolean markGenerated(ObjectId fileId, String thumbnailKey, Instant generatedAt) {
        // {_id: id}, {$set: {...}}: matched count, not modified count, tells whether the file exists
        Document filter = new Document("_id", fileId);
        Document set = new Document("$set", new Document("thumbnailPath", thumbnailKey)
                .append("thumbnailGeneratedAt", Date.from(generatedAt))
                .append("hasThumbnail", true));
        return files.mongoCollection().updateOne(filter, set).getMatchedCount() > 0;
    }
}
