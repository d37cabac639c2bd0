package dev.opendrive.model.files;

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
 * {@link FileDocument} without the POJO codec's reflection: every listing reads a document per
 * file. Writes what the POJO codec wrote, byte for byte (its order: {@code _id}, then the other
 * properties by name; null properties left out), and reads through the registry's codec for each
 * property's type, so that an old document's int32 size still widens to a long and an unknown
 * field (the old service's {@code __v}) is skipped. The versions, rarely present, stay on the POJO
 * codec of {@link FileVersion}. FileDocumentCodecTest compares both codecs field by field.
 */
public final class FileDocumentCodec implements Codec<FileDocument> {

    private final Codec<ObjectId> objectIds;
    private final Codec<String> strings;
    private final Codec<Long> longs;
    private final Codec<Boolean> booleans;
    private final Codec<Instant> instants;
    private final Codec<List<String>> stringLists;
    private final Codec<List<FileVersion>> versionLists;

    public FileDocumentCodec(CodecRegistry registry) {
        objectIds = registry.get(ObjectId.class);
        strings = registry.get(String.class);
        longs = registry.get(Long.class);
        booleans = registry.get(Boolean.class);
        instants = registry.get(Instant.class);
        stringLists = BsonFields.listOf(registry, String.class);
        versionLists = BsonFields.listOf(registry, FileVersion.class);
    }

    @Override
    public void encode(BsonWriter writer, FileDocument file, EncoderContext context) {
        writer.writeStartDocument();
        file.id = writeId(writer, context, objectIds, file.id);
        write(writer, context, "contentRevision", longs, file.contentRevision);
        write(writer, context, "contentUploadedAt", instants, file.contentUploadedAt);
        write(writer, context, "createdAt", instants, file.createdAt);
        write(writer, context, "deletedAt", instants, file.deletedAt);
        write(writer, context, "folderId", objectIds, file.folderId);
        write(writer, context, "hasThumbnail", booleans, file.hasThumbnail);
        write(writer, context, "isShared", booleans, file.isShared);
        write(writer, context, "mimeType", strings, file.mimeType);
        write(writer, context, "name", strings, file.name);
        write(writer, context, "nameGrams", stringLists, file.nameGrams);
        write(writer, context, "nameKey", strings, file.nameKey);
        write(writer, context, "originalName", strings, file.originalName);
        write(writer, context, "ownerId", objectIds, file.ownerId);
        write(writer, context, "sha256", strings, file.sha256);
        write(writer, context, "shareId", strings, file.shareId);
        write(writer, context, "size", longs, file.size);
        write(writer, context, "storageKey", strings, file.storageKey);
        write(writer, context, "storageProvider", strings, file.storageProvider);
        write(writer, context, "thumbnailGeneratedAt", instants, file.thumbnailGeneratedAt);
        write(writer, context, "thumbnailPath", strings, file.thumbnailPath);
        write(writer, context, "trashRoot", booleans, file.trashRoot);
        write(writer, context, "updatedAt", instants, file.updatedAt);
        write(writer, context, "versionBytes", longs, file.versionBytes);
        write(writer, context, "versions", versionLists, file.versions);
        writer.writeEndDocument();
    }

    @Override
    public FileDocument decode(BsonReader reader, DecoderContext context) {
        FileDocument file = new FileDocument();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String field = reader.readName();
            try {
                switch (field) {
                    case "_id" -> file.id = read(reader, context, objectIds);
                    case "contentRevision" -> file.contentRevision = read(reader, context, longs);
                    case "contentUploadedAt" -> file.contentUploadedAt = read(reader, context, instants);
                    case "createdAt" -> file.createdAt = read(reader, context, instants);
                    case "deletedAt" -> file.deletedAt = read(reader, context, instants);
                    case "folderId" -> file.folderId = read(reader, context, objectIds);
                    case "hasThumbnail" -> file.hasThumbnail = primitive(read(reader, context, booleans));
                    case "isShared" -> file.isShared = primitive(read(reader, context, booleans));
                    case "mimeType" -> file.mimeType = read(reader, context, strings);
                    case "name" -> file.name = read(reader, context, strings);
                    case "nameGrams" -> file.nameGrams = read(reader, context, stringLists);
                    case "nameKey" -> file.nameKey = read(reader, context, strings);
                    case "originalName" -> file.originalName = read(reader, context, strings);
                    case "ownerId" -> file.ownerId = read(reader, context, objectIds);
                    case "sha256" -> file.sha256 = read(reader, context, strings);
                    case "shareId" -> file.shareId = read(reader, context, strings);
                    case "size" -> file.size = primitive(read(reader, context, longs));
                    case "storageKey" -> file.storageKey = read(reader, context, strings);
                    case "storageProvider" -> file.storageProvider = read(reader, context, strings);
                    case "thumbnailGeneratedAt" -> file.thumbnailGeneratedAt = read(reader, context, instants);
                    case "thumbnailPath" -> file.thumbnailPath = read(reader, context, strings);
                    case "trashRoot" -> file.trashRoot = read(reader, context, booleans);
                    case "updatedAt" -> file.updatedAt = read(reader, context, instants);
                    case "versionBytes" -> file.versionBytes = primitive(read(reader, context, longs));
                    case "versions" -> file.versions = read(reader, context, versionLists);
                    default -> reader.skipValue();
                }
            } catch (BsonInvalidOperationException | CodecConfigurationException e) {
                throw BsonFields.failure(FileDocument.class, field, e);
            }
        }
        reader.readEndDocument();
        return file;
    }

    @Override
    public Class<FileDocument> getEncoderClass() {
        return FileDocument.class;
    }
}
