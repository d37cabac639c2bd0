package dev.opendrive.api.folders;

import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecProvider;
import org.bson.codecs.configuration.CodecRegistry;

import jakarta.inject.Singleton;

/** Hands {@link FolderDocumentCodec} to the database client (LazyMongoClientProducer collects these beans). */
@Singleton
public class FolderDocumentCodecProvider implements CodecProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> Codec<T> get(Class<T> type, CodecRegistry registry) {
        return type == FolderDocument.class ? (Codec<T>) new FolderDocumentCodec(registry) : null;
    }
}
