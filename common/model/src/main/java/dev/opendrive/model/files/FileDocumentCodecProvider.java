package dev.opendrive.model.files;

import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecProvider;
import org.bson.codecs.configuration.CodecRegistry;

import jakarta.inject.Singleton;

/** Hands {@link FileDocumentCodec} to the database client (LazyMongoClientProducer collects these beans). */
@Singleton
public class FileDocumentCodecProvider implements CodecProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> Codec<T> get(Class<T> type, CodecRegistry registry) {
        return type == FileDocument.class ? (Codec<T>) new FileDocumentCodec(registry) : null;
    }
}
