package dev.opendrive.embeddeddb;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How documents are stored: as BSON, the format they arrive in over the wire, behind a tag byte
 * the store's default (Java serialization) never starts with. The stock H2 backend serializes each
 * document with its class descriptors, several times larger and slower to read and write; a file
 * written that way still opens, and each page moves to BSON when it is next written.
 */
final class DocumentValueType extends BasicDataType<Object> {

    /** First byte of a BSON value; ObjectDataType uses 0-19, 32-49 and 64-119. */
    private static final byte BSON = (byte) 0xB5;

    private final ObjectDataType legacy = new ObjectDataType();

    @Override
    public int getMemory(Object value) {
        return value instanceof Document d ? estimate(d) : legacy.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buff, Object value) {
        if (!(value instanceof Document document)) {
            legacy.write(buff, value);
            return;
        }
        ByteBuf bson = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, bson);
            int length = bson.readableBytes();
            buff.put(BSON);
            buff.putVarInt(length);
            buff.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
        } finally {
            bson.release();
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != BSON) {
            return legacy.read(buff);
        }
        buff.get();
        int length = DataUtils.readVarInt(buff);
        byte[] bytes = new byte[length];
        buff.get(bytes);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DocumentValueType;
    }

    @Override
    public int hashCode() {
        return DocumentValueType.class.hashCode();
    }

    /** Rough heap size of a decoded document, for the page cache's budget. */
    private static int estimate(Object value) {
        if (value instanceof Map<?, ?> map) {
            int size = 64;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += 48 + 2 * String.valueOf(e.getKey()).length() + estimate(e.getValue());
            }
            return size;
        } else if (value instanceof Collection<?> list) {
            int size = 40;
            for (Object element : list) {
                size += 8 + estimate(element);
            }
            return size;
        } else if (value instanceof String s) {
            return 48 + 2 * s.length();
        } else if (value instanceof byte[] bytes) {
            return 16 + bytes.length;
        }
        return 32;
    }
}
