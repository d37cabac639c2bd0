package dev.opendrive.api.folders;

import static dev.opendrive.model.db.BsonFields.primitive;
import static dev.opendrive.model.db.BsonFields.read;
import static dev.opendrive.model.db.BsonFields.write;
import static dev.opendrive.model.db.BsonFields.writeId;

import java.time.Instant;
import java.util.List;

import org.bson.BsonInvalidOperationException;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.types.ObjectId;

import dev.opendrive.model.db.BsonFields;

/**
 * {@link FolderDocument} without the POJO codec's reflection: every listing reads the folder and
 * its subfolders. Writes what the POJO codec wrote, byte for byte ({@code _id}, then the other
 * properties by name; null properties left out), and reads through the registry's codec for each
 * property's type, skipping unknown fields. A field the document lacks keeps the entity's own
 * default (an empty {@code ancestorIds}), as with the POJO codec. FolderDocumentCodecTest compares
 * both codecs field by field.
 */
public final class FolderDocumentCodec implements Codec<FolderDocument> {

    private final Codec<ObjectId> objectIds;
    private final Codec<String> strings;
    private final Codec<Boolean> booleans;
    private final Codec<Instant> instants;
    private final Codec<List<String>> stringLists;
    private final Codec<List<ObjectId>> objectIdLists;

    public FolderDocumentCodec(CodecRegistry registry) {
        objectIds = registry.get(ObjectId.class);
        strings = registry.get(String.class);
        booleans = registry.get(Boolean.class);
        instants = registry.get(Instant.class);
        stringLists = BsonFields.listOf(registry, String.class);
        objectIdLists = BsonFields.listOf(registry, ObjectId.class);
    }

    @Override
    public void encode(BsonWriter writer, FolderDocument folder, EncoderContext context) {
        writer.writeStartDocument();
        folder.id = writeId(writer, context, objectIds, folder.id);
        write(writer, context, "ancestorIds", objectIdLists, folder.ancestorIds);
        write(writer, context, "createdAt", instants, folder.createdAt);
        write(writer, context, "deletedAt", instants, folder.deletedAt);
        write(writer, context, "isShared", booleans, folder.isShared);
        write(writer, context, "name", strings, folder.name);
        write(writer, context, "nameGrams", stringLists, folder.nameGrams);
        write(writer, context, "nameKey", strings, folder.nameKey);
        write(writer, context, "ownerId", objectIds, folder.ownerId);
        write(writer, context, "parentId", objectIds, folder.parentId);
        write(writer, context, "path", strings, folder.path);
        write(writer, context, "shareId", strings, folder.shareId);
        write(writer, context, "trashRoot", booleans, folder.trashRoot);
        write(writer, context, "updatedAt", instants, folder.updatedAt);
        writer.writeEndDocument();
    }

    @Override
    public FolderDocument decode(BsonReader reader, DecoderContext context) {
        FolderDocument folder = new FolderDocument();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String field = reader.readName();
            try {
                switch (field) {
                    case "_id" -> folder.id = read(reader, context, objectIds);
                    case "ancestorIds" -> folder.ancestorIds = read(reader, context, objectIdLists);
                    case "createdAt" -> folder.createdAt = read(reader, context, instants);
                    case "deletedAt" -> folder.deletedAt = read(reader, context, instants);
                    case "isShared" -> folder.isShared = primitive(read(reader, context, booleans));
                    case "name" -> folder.name = read(reader, context, strings);
                    case "nameGrams" -> folder.nameGrams = read(reader, context, stringLists);
                    case "nameKey" -> folder.nameKey = read(reader, context, strings);
                    case "ownerId" -> folder.ownerId = read(reader, context, objectIds);
                    case "parentId" -> folder.parentId = read(reader, context, objectIds);
                    case "path" -> folder.path = read(reader, context, strings);
                    case "shareId" -> folder.shareId = read(reader, context, strings);
                    case "trashRoot" -> folder.trashRoot = read(reader, context, booleans);
                    case "updatedAt" -> folder.updatedAt = read(reader, context, instants);
                    default -> reader.skipValue();
                }
            } catch (BsonInvalidOperationException | CodecConfigurationException e) {
                throw BsonFields.failure(FolderDocument.class, field, e);
            }
        }
        reader.readEndDocument();
        return folder;
    }

    @Override
    public Class<FolderDocument> getEncoderClass() {
        return FolderDocument.class;
    }
}
