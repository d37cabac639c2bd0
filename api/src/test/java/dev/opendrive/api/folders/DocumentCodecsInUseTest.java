package dev.opendrive.api.folders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.opendrive.model.files.FileDocument;
import dev.opendrive.model.files.FileDocumentCodec;
import dev.opendrive.model.files.FileRepository;
import dev.opendrive.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The app's repositories read and write files and folders through the hand-written codecs: a
 * CodecProvider the client does not collect (not a bean, or LazyMongoClientProducer not asking
 * for them) would quietly leave the POJO codec in place, and every other test would still pass.
 */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class DocumentCodecsInUseTest {

    @Inject
    FileRepository files;

    @Inject
    FolderRepository folders;

    @Test
    void filesAndFoldersUseTheHandWrittenCodecs() {
        assertThat(files.mongoCollection().getCodecRegistry().get(FileDocument.class))
                .isInstanceOf(FileDocumentCodec.class);
        assertThat(folders.mongoCollection().getCodecRegistry().get(FolderDocument.class))
                .isInstanceOf(FolderDocumentCodec.class);
    }
}
