package dev.opendrive.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void parsesTheSingleRangeForms() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=900-", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 999));
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).contains(new ByteRange(990, 999));
        assertThat(ByteRange.parse("BYTES=1-1", 1000)).contains(new ByteRange(1, 1));
    }

    @Test
    void ignoresWhatItDoesNotServe() {
        assertThat(ByteRange.parse(null, 10)).isEmpty();
        assertThat(ByteRange.parse("items=0-1", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=0-1,3-4", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=5-2", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=a-b", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=-", 10)).isEmpty();
    }

    @Test
    void unsatisfiableRangesAreSignalled() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=10-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=10-20", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }
}
