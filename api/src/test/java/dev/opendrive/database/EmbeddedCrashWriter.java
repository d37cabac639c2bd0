package dev.opendrive.database;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;

/**
 * Child process for the crash test: writes numbered documents through the wire protocol into the
 * durable embedded database and prints "ACK n" once the server acknowledged document n.
 */
public final class EmbeddedCrashWriter {

    public static void main(String[] args) {
        DurableH2Backend backend = new DurableH2Backend(args[0]);
        backend.version(ServerVersion.MONGO_5_0);
        MongoServer server = new MongoServer(backend);
        var address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            MongoCollection<Document> docs = client.getDatabase("opendrive").getCollection("files");
            for (int i = 1; i < 1_000_000; i++) {
                docs.insertOne(new Document("_id", i).append("name", "file-" + i));
                System.out.println("ACK " + i);
                System.out.flush();
            }
        }
    }
}
