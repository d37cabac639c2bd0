package dev.opendrive.api.folders;

import static dev.opendrive.testing.PojoParity.PLAIN;
import static dev.opendrive.testing.PojoParity.assertInsertGivesId;
import static dev.opendrive.testing.PojoParity.POJO;
import static dev.opendrive.testing.PojoParity.assertSameFields;
import static dev.opendrive.testing.PojoParity.decode;
import static dev.opendrive.testing.PojoParity.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * FolderDocumentCodec against the POJO codec it replaced: folders already in databases were written
 * by that one, and are read by this one. The full sample is filled through reflection over
 * FolderDocument's public fields, and the comparisons walk those fields too: a field added to
 * FolderDocument but not to FolderDocumentCodec fails here.
 */
class FolderDocumentCodecTest {

    private static final Codec<FolderDocument> POJO_CODEC = POJO.get(FolderDocument.class);
    private static final Codec<FolderDocument> CODEC = LazyMongoClientProducer
            .codecRegistry(List.of(new FolderDocumentCodecProvider())).get(FolderDocument.class);

    @Test
    void theClientRegistryHandsOutTheHandWrittenCodec() {
        assertThat(CODEC).isInstanceOf(FolderDocumentCodec.class);
    }

    @Test
    void aFullyPopulatedFolderIsWrittenAndReadAsThePojoCodecDid() {
        FolderDocument folder = PojoParity.fill(new FolderDocument(), Map.of());
        assertThat(folder.ancestorIds).hasSize(3);
        assertThat(folder.nameGrams).hasSize(3);

        assertSameBothWays(folder);
        // and nothing lost on the way (the samples' dates are whole milliseconds, as BSON keeps them)
        assertSameFields(folder, decode(CODEC, encode(CODEC, folder, PLAIN)));
    }

    @Test
    void aRootFolderWithOnlyTheFieldsACreateSetsIsWrittenAndReadAsThePojoCodecDid() {
        FolderDocument folder = new FolderDocument().named("Projects");
        folder.id = new ObjectId();
        folder.ownerId = new ObjectId();
        folder.path = "/";
        folder.createdAt = Instant.parse("2024-05-01T08:00:00.001Z");
        folder.updatedAt = folder.createdAt;

        assertSameBothWays(folder);
    }

    @Test
    void aFolderWithoutAncestorListIsWrittenAsThePojoCodecDid() {
        FolderDocument folder = new FolderDocument();
        folder.id = new ObjectId();
        folder.ancestorIds = null;

        assertSameBothWays(folder);
    }

    @Test
    void anInsertGivesAFolderWithoutIdAnIdAsThePojoCodecDid() {
        assertInsertGivesId(POJO_CODEC, CODEC, FolderDocument::new, f -> f.id);
    }

    @Test
    void anOldServiceDocumentReadsAsThePojoCodecReadsIt() {
        BsonDocument old = new BsonDocument("_id", new BsonObjectId(new ObjectId()))
                .append("name", new BsonString("Photos"))
                .append("parentId", BsonNull.VALUE)
                .append("ownerId", new BsonObjectId(new ObjectId()))
                .append("path", new BsonString("/"))
                .append("isShared", BsonBoolean.FALSE)
                .append("deletedAt", BsonNull.VALUE)
                .append("createdAt", new BsonDateTime(1_700_000_000_000L))
                .append("__v", new BsonInt32(0));
        // no ancestorIds (the old service kept none), nameKey, nameGrams, trashRoot...

        FolderDocument viaCodec = decode(CODEC, old);
        assertSameFields(decode(POJO_CODEC, old), viaCodec);
        assertThat(viaCodec.name).isEqualTo("Photos");
        assertThat(viaCodec.ancestorIds).isEmpty();
        assertThat(viaCodec.ancestorIds).isInstanceOf(ArrayList.class);
        assertThat(viaCodec.nameKey).isNull();
    }

    @Test
    void valuesThePojoCodecRefusedAreRefusedToo() {
        for (BsonDocument bad : List.of(new BsonDocument("isShared", BsonNull.VALUE),
                new BsonDocument("ancestorIds", new BsonString("not a list")))) {
            assertThatThrownBy(() -> decode(POJO_CODEC, bad)).isInstanceOf(CodecConfigurationException.class);
            assertThatThrownBy(() -> decode(CODEC, bad)).isInstanceOf(CodecConfigurationException.class);
        }
    }

    private static void assertSameBothWays(FolderDocument folder) {
        PojoParity.assertSameBothWays(POJO_CODEC, CODEC, folder);
    }
}
