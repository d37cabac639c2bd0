package dev.opendrive.embeddeddb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;

/**
 * The owner stamps a process may cache an owner's listings by: every kind of write to one of the
 * owner's documents, through the driver, changes that owner's stamp and nobody else's; reads change
 * nothing; drops change everybody's.
 */
class OwnerStampsTest {

    private final EngineServer server = new EngineServer(IndexedH2Backend.inMemory());
    private final MongoDatabase db = server.db();
    private final MongoCollection<Document> files = db.getCollection("files");
    private final MongoCollection<Document> folders = db.getCollection("folders");
    private final ObjectId alice = new ObjectId();
    private final ObjectId bob = new ObjectId();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void everyKindOfWriteToAnOwnersDocumentChangesOnlyThatOwnersStamp() {
        ObjectId file = new ObjectId();
        changesOnlyAlice(c -> files.insertOne(doc(alice).append("_id", file).append("name", "a.txt")));
        changesOnlyAlice(c -> files.insertMany(List.of(doc(alice), doc(alice))));
        changesOnlyAlice(c -> folders.insertOne(doc(alice).append("name", "Photos")));
        changesOnlyAlice(c -> files.updateOne(Filters.eq("_id", file), Updates.set("name", "b.txt")));
        changesOnlyAlice(c -> files.updateMany(Filters.eq("ownerId", alice), Updates.set("isShared", true)));
        changesOnlyAlice(c -> files.findOneAndUpdate(Filters.eq("_id", file), Updates.set("hasThumbnail", true)));
        changesOnlyAlice(c -> files.replaceOne(Filters.eq("_id", file), doc(alice).append("name", "c.txt")));
        changesOnlyAlice(c -> files.updateOne(Filters.eq("name", "new"), Updates.combine(
                Updates.set("ownerId", alice), Updates.set("name", "new")), new com.mongodb.client.model.UpdateOptions()
                .upsert(true)));
        changesOnlyAlice(c -> files.findOneAndDelete(Filters.eq("_id", file)));
        changesOnlyAlice(c -> files.deleteMany(Filters.eq("ownerId", alice)));
    }

    @Test
    void readsAndOtherOwnersWritesLeaveTheStampAlone() {
        files.insertOne(doc(alice).append("name", "a.txt"));
        long before = stamp(alice);
        files.find(Filters.eq("ownerId", alice)).into(new java.util.ArrayList<>());
        files.countDocuments(Filters.eq("ownerId", alice));
        files.insertOne(doc(bob));
        files.updateMany(Filters.eq("ownerId", bob), Updates.set("name", "x"));
        db.getCollection("users").insertOne(new Document("email", "someone@example.com"));
        assertThat(stamp(alice)).isEqualTo(before);
    }

    @Test
    void aChangeOfOwnerChangesBothOwnersStamps() {
        ObjectId file = new ObjectId();
        files.insertOne(doc(alice).append("_id", file));
        long a = stamp(alice);
        long b = stamp(bob);
        files.replaceOne(Filters.eq("_id", file), doc(bob), new ReplaceOptions());
        assertThat(stamp(alice)).isNotEqualTo(a);
        assertThat(stamp(bob)).isNotEqualTo(b);
    }

    @Test
    void droppingACollectionOrTheDatabaseChangesEveryStamp() {
        files.insertOne(doc(alice));
        folders.insertOne(doc(bob));
        long a = stamp(alice);
        long b = stamp(bob);
        files.drop();
        assertThat(stamp(alice)).isNotEqualTo(a);
        assertThat(stamp(bob)).isNotEqualTo(b);

        long a2 = stamp(alice);
        db.drop();
        assertThat(stamp(alice)).isNotEqualTo(a2);
    }

    @Test
    void twoOpeningsNeverHandOutTheSameStamp() {
        try (EngineServer other = new EngineServer(IndexedH2Backend.inMemory())) {
            assertThat(other.backend.ownerStamp(alice.toByteArray())).isNotEqualTo(stamp(alice));
        }
    }

    private void changesOnlyAlice(Consumer<Void> write) {
        long a = stamp(alice);
        long b = stamp(bob);
        write.accept(null);
        assertThat(stamp(alice)).as("alice's stamp after the write").isNotEqualTo(a);
        assertThat(stamp(bob)).as("bob's stamp").isEqualTo(b);
    }

    private long stamp(ObjectId owner) {
        return server.backend.ownerStamp(owner.toByteArray());
    }

    private static Document doc(ObjectId owner) {
        return new Document("ownerId", owner);
    }
}
