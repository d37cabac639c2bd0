package dev.opendrive.api.database;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.jboss.logging.Logger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import dev.opendrive.model.search.NameIndex;
import dev.opendrive.platform.logging.LogEvent;

/**
 * Gives files and folders written before name search used trigrams their {@code nameGrams}, user
 * by user through the name index (a document without grams has a null entry there), so an upgraded
 * drive finds its old files by name too. Nothing to do costs one indexed query per user.
 */
final class NameGramsBackfill {

    private static final Logger LOG = Logger.getLogger(NameGramsBackfill.class);
    private static final int BATCH = 500;

    private NameGramsBackfill() {
    }

    static void run(MongoDatabase db) {
        long started = System.nanoTime();
        long updated = 0;
        for (Document user : db.getCollection("users").find().projection(new Document("_id", 1))) {
            ObjectId owner = user.getObjectId("_id");
            updated += backfill(db.getCollection("files"), owner, "originalName");
            updated += backfill(db.getCollection("folders"), owner, "name");
        }
        if (updated > 0) {
            LogEvent.of("name_grams.backfilled").with("documents", updated).durationSince(started).info(LOG);
        }
    }

    private static long backfill(MongoCollection<Document> collection, ObjectId owner, String nameField) {
        long updated = 0;
        while (true) {
            List<WriteModel<Document>> batch = new ArrayList<>();
            for (Document d : collection.find(Filters.and(Filters.eq("ownerId", owner), Filters.eq("nameGrams", null)))
                    .projection(new Document(nameField, 1)).limit(BATCH)) {
                String name = d.getString(nameField);
                batch.add(new UpdateOneModel<>(Filters.eq("_id", d.get("_id")),
                        Updates.set("nameGrams", NameIndex.grams(name == null ? "" : name))));
            }
            if (batch.isEmpty()) {
                return updated;
            }
            collection.bulkWrite(batch);
            updated += batch.size();
            if (batch.size() < BATCH) {
                return updated;
            }
        }
    }
}
