package dev.opendrive.embeddeddb;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** MVStore key type of the secondary indexes: byte strings in unsigned lexicographic order. */
final class IndexKeyType extends BasicDataType<byte[]> {

    static final IndexKeyType INSTANCE = new IndexKeyType();

    private IndexKeyType() {
    }

    @Override
    public int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    @Override
    public int getMemory(byte[] key) {
        return 24 + key.length;
    }

    @Override
    public void write(WriteBuffer buff, byte[] key) {
        buff.putVarInt(key.length);
        buff.put(key);
    }

    @Override
    public byte[] read(ByteBuffer buff) {
        byte[] key = new byte[DataUtils.readVarInt(buff)];
        buff.get(key);
        return key;
    }

    @Override
    public byte[][] createStorage(int size) {
        return new byte[size][];
    }

    @Override
    public boolean equals(Object other) {
        return other == this;
    }

    @Override
    public int hashCode() {
        return IndexKeyType.class.hashCode();
    }
}
