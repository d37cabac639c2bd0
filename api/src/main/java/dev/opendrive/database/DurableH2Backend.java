package dev.opendrive.database;

import java.util.Set;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 MVStore backend saves in the background about once a second, so a crash could lose writes
 * the client was already told about. This backend commits the store before it acknowledges any
 * write command: an acknowledged write survives a kill -9 of the process.
 */
public class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
            "createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection");

    public DurableH2Backend(String file) {
        super(file);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document result = super.handleCommand(channel, database, command, query);
        if (command != null && WRITE_COMMANDS.contains(command.toLowerCase(java.util.Locale.ROOT))) {
            commit();
        }
        return result;
    }
}
