import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/**
 * Crash drill helper (run with the API's jars on the class path): asks the embedded database to
 * check every index of the product's collections against their documents ({@code validate} with
 * {@code full: true}) and prints one line per collection; exits 1 if any index disagrees.
 * Usage: java -cp "api/target/quarkus-app/lib/main/*" scripts/drills/DbConsistency.java <mongoUri>
 */
public class DbConsistency {

    public static void main(String[] args) {
        boolean ok = true;
        try (MongoClient client = MongoClients.create(args[0])) {
            MongoDatabase db = client.getDatabase("opendrive");
            for (String collection : List.of("users", "files", "folders", "search_index", "usage")) {
                Document result = db.runCommand(new Document("validate", collection).append("full", true));
                long docs = db.getCollection(collection).countDocuments();
                boolean valid = result.getBoolean("valid", false);
                ok &= valid;
                System.out.printf("%s: %d documents, indexes %s %s%n", collection, docs,
                        valid ? "agree with the documents" : "DISAGREE", result.get("indexDisagreements", ""));
            }
        }
        System.exit(ok ? 0 : 1);
    }
}
