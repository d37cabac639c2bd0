package dev.opendrive.embeddeddb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * The child process of the crash test: applies a deterministic sequence of inserts, updates and
 * deletes to indexed documents and prints "ACK n" once every operation of step n was acknowledged.
 * {@link #expected} replays the same sequence, so the parent knows what must have survived.
 */
public final class CrashWriter {

    static final List<Document> INDEXES = List.of(
            new Document("ownerId", 1).append("folderId", 1).append("createdAt", -1),
            new Document("tags", 1).append("_id", -1));

    public static void main(String[] args) {
        EngineServer engine = new EngineServer(IndexedH2Backend.open(Path.of(args[0])));
        MongoCollection<Document> files = engine.db().getCollection("files");
        INDEXES.forEach(files::createIndex);
        for (int step = 1; step < 1_000_000; step++) {
            for (Op op : ops(step)) {
                op.apply(files);
            }
            System.out.println("ACK " + step);
            System.out.flush();
        }
    }

    /** One write command. */
    record Op(String kind, int id, Document document) {
        void apply(MongoCollection<Document> files) {
            switch (kind) {
                case "insert" -> files.insertOne(new Document(document));
                case "update" -> files.updateOne(Filters.eq("_id", id), Updates.combine(
                        Updates.set("folderId", document.get("folderId")), Updates.set("tags", document.get("tags"))));
                default -> files.deleteOne(Filters.eq("_id", id));
            }
        }

        void apply(TreeMap<Integer, Document> state) {
            switch (kind) {
                case "insert" -> state.put(id, new Document(document));
                case "update" -> {
                    Document d = state.get(id);
                    if (d != null) {
                        d.put("folderId", document.get("folderId"));
                        d.put("tags", document.get("tags"));
                    }
                }
                default -> state.remove(id);
            }
        }
    }

    static List<Op> ops(int step) {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op("insert", step, new Document("_id", step).append("ownerId", step % 3).append("folderId", step % 7)
                .append("createdAt", step / 10).append("tags", List.of("t" + step % 5, "t" + step % 3))));
        if (step % 3 == 0) {
            ops.add(new Op("update", step / 2, new Document("folderId", 100 + step % 4).append("tags", List.of("u" + step % 4))));
        }
        if (step % 5 == 0 && step > 3) {
            ops.add(new Op("delete", step - 3, null));
        }
        return ops;
    }

    /** Every state the collection may be in after step {@code acknowledged} and part of the next one. */
    static List<TreeMap<Integer, Document>> expected(int acknowledged) {
        TreeMap<Integer, Document> state = new TreeMap<>();
        for (int step = 1; step <= acknowledged; step++) {
            for (Op op : ops(step)) {
                op.apply(state);
            }
        }
        List<TreeMap<Integer, Document>> possible = new ArrayList<>();
        possible.add(copy(state));
        for (Op op : ops(acknowledged + 1)) {
            op.apply(state);
            possible.add(copy(state));
        }
        return possible;
    }

    private static TreeMap<Integer, Document> copy(TreeMap<Integer, Document> state) {
        TreeMap<Integer, Document> out = new TreeMap<>();
        state.forEach((k, v) -> out.put(k, new Document(v)));
        return out;
    }
}
