package dev.opendrive.api.webdav;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.ObjectId;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import dev.opendrive.model.files.FileRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Properties clients set with PROPPATCH that the server does not compute (RFC 4918 "dead"
 * properties), in the "davProperties" collection: one document per property of a file or folder,
 * holding the whole property element as XML (its value may contain markup and namespaces). A file
 * or folder keeps its id when renamed or moved, so its properties follow; a copy copies them.
 */
@ApplicationScoped
class DeadProperties {

    static final String COLLECTION = "davProperties";
    /** Properties per item, and bytes per property: a client cannot grow a document without bound. */
    static final int MAX_PER_ITEM = 200;
    static final int MAX_VALUE_BYTES = 64 * 1024;

    record Property(String ns, String name, String xml) {
    }

    private final FileRepository files;

    DeadProperties(FileRepository files) {
        this.files = files;
    }

    private MongoCollection<Document> collection() {
        return files.mongoDatabase().getCollection(COLLECTION);
    }

    Map<ObjectId, List<Property>> of(List<ObjectId> itemIds) {
        Map<ObjectId, List<Property>> out = new HashMap<>();
        if (itemIds.isEmpty()) {
            return out;
        }
        for (Document d : collection().find(Filters.in("itemId", itemIds))) {
            out.computeIfAbsent(d.getObjectId("itemId"), k -> new ArrayList<>())
                    .add(new Property(d.getString("ns"), d.getString("name"), d.getString("xml")));
        }
        return out;
    }

    List<Property> of(ObjectId itemId) {
        return of(List.of(itemId)).getOrDefault(itemId, List.of());
    }

    int count(ObjectId itemId) {
        return (int) collection().countDocuments(Filters.eq("itemId", itemId));
    }

    void set(ObjectId owner, ObjectId itemId, Property p) {
        collection().replaceOne(key(itemId, p.ns(), p.name()),
                new Document("itemId", itemId).append("ownerId", owner).append("ns", p.ns()).append("name", p.name())
                        .append("xml", p.xml()),
                new ReplaceOptions().upsert(true));
    }

    void remove(ObjectId itemId, String ns, String name) {
        collection().deleteOne(key(itemId, ns, name));
    }

    void copy(ObjectId owner, ObjectId from, ObjectId to) {
        for (Property p : of(from)) {
            set(owner, to, p);
        }
    }

    private static org.bson.conversions.Bson key(ObjectId itemId, String ns, String name) {
        return Filters.and(Filters.eq("itemId", itemId), Filters.eq("ns", ns), Filters.eq("name", name));
    }
}
