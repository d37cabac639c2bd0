package dev.opendrive.model.files;

import static dev.opendrive.testing.PojoParity.PLAIN;
import static dev.opendrive.testing.PojoParity.assertInsertGivesId;
import static dev.opendrive.testing.PojoParity.POJO;
import static dev.opendrive.testing.PojoParity.assertSameFields;
import static dev.opendrive.testing.PojoParity.decode;
import static dev.opendrive.testing.PojoParity.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecConfigurationException;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import dev.opendrive.model.db.LazyMongoClientProducer;
import dev.opendrive.testing.PojoParity;

/**
 * FileDocumentCodec against the POJO codec it replaced: documents already in databases were written
 * by that one, and are read by this one. The full sample is filled through reflection over
 * FileDocument's public fields, and the comparisons walk those fields too: a field added to
 * FileDocument but not to FileDocumentCodec fails here.
 */
class FileDocumentCodecTest {

    private static final Codec<FileDocument> POJO_CODEC = POJO.get(FileDocument.class);
    private static final Codec<FileDocument> CODEC = LazyMongoClientProducer
            .codecRegistry(List.of(new FileDocumentCodecProvider())).get(FileDocument.class);

    private static final Map<Class<?>, Supplier<?>> SAMPLES = Map.of(FileVersion.class,
            () -> PojoParity.fill(new FileVersion(), Map.of()));

    @Test
    void theClientRegistryHandsOutTheHandWrittenCodec() {
        assertThat(CODEC).isInstanceOf(FileDocumentCodec.class);
        assertThat(POJO_CODEC).isNotInstanceOf(FileDocumentCodec.class);
    }

    @Test
    void aFullyPopulatedFileIsWrittenAndReadAsThePojoCodecDid() {
        FileDocument file = PojoParity.fill(new FileDocument(), SAMPLES);
        assertThat(file.versions).hasSize(3);
        assertThat(file.nameGrams).hasSize(3);

        assertSameBothWays(file);
        // and nothing lost on the way (the samples' dates are whole milliseconds, as BSON keeps them)
        assertSameFields(file, decode(CODEC, encode(CODEC, file, PLAIN)));
    }

    @Test
    void aFileWithOnlyTheFieldsAnUploadSetsIsWrittenAndReadAsThePojoCodecDid() {
        FileDocument file = FileDocument.create(new ObjectId(), null).named("Report.pdf")
                .holding(12, "ab".repeat(32), "local", "application/pdf");
        file.name = "uuid-Report.pdf";
        file.createdAt = Instant.parse("2024-05-01T08:00:00.001Z");

        assertSameBothWays(file);
    }

    @Test
    void anInsertGivesAFileWithoutIdAnIdAsThePojoCodecDid() {
        assertInsertGivesId(POJO_CODEC, CODEC, FileDocument::new, f -> f.id);

        FileDocument notInserted = new FileDocument();
        assertThat(encode(CODEC, notInserted, PLAIN).containsKey("_id")).isFalse();
        assertThat(notInserted.id).isNull();
    }

    @Test
    void anOldServiceDocumentReadsAsThePojoCodecReadsIt() {
        ObjectId id = new ObjectId();
        BsonDocument old = new BsonDocument("_id", new BsonObjectId(id))
                .append("name", new BsonString("0b1c-notes.txt"))
                .append("originalName", new BsonString("notes.txt"))
                .append("ownerId", new BsonObjectId(new ObjectId()))
                .append("folderId", BsonNull.VALUE)
                .append("size", new BsonInt32(1234)) // the old service's numbers were int32
                .append("isShared", BsonBoolean.FALSE)
                .append("deletedAt", BsonNull.VALUE)
                .append("createdAt", new BsonDateTime(1_700_000_000_000L))
                .append("tags", new BsonArray(List.of(new BsonString("unknown"))))
                .append("__v", new BsonInt32(0));
        // no versions, versionBytes, contentRevision, hasThumbnail...

        FileDocument viaCodec = decode(CODEC, old);
        assertSameFields(decode(POJO_CODEC, old), viaCodec);
        assertThat(viaCodec.id).isEqualTo(id);
        assertThat(viaCodec.size).isEqualTo(1234L);
        assertThat(viaCodec.createdAt).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(viaCodec.folderId).isNull();
        assertThat(viaCodec.versions).isNull();
        assertThat(viaCodec.contentRevision).isNull();
        assertThat(viaCodec.versionBytes).isZero();
    }

    @Test
    void valuesThePojoCodecRefusedAreRefusedToo() {
        BsonDocument nullSize = new BsonDocument("size", BsonNull.VALUE);
        BsonDocument textSize = new BsonDocument("size", new BsonString("12"));
        for (BsonDocument bad : List.of(nullSize, textSize)) {
            assertThatThrownBy(() -> decode(POJO_CODEC, bad)).isInstanceOf(CodecConfigurationException.class);
            assertThatThrownBy(() -> decode(CODEC, bad)).isInstanceOf(CodecConfigurationException.class)
                    .hasMessageContaining("'size'");
        }
    }

    private static void assertSameBothWays(FileDocument file) {
        PojoParity.assertSameBothWays(POJO_CODEC, CODEC, file);
    }
}
