package dev.opendrive.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DatesTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void writesTheOldServicesFormatWithMilliseconds() {
        assertThat(Dates.iso(Instant.parse("2026-01-13T12:08:14.123456Z"))).isEqualTo("2026-01-13T12:08:14.123Z");
        assertThat(Dates.iso(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Dates.iso(Instant.parse("0999-12-31T23:59:59.009Z"))).isEqualTo("0999-12-31T23:59:59.009Z");
        assertThat(Dates.iso(null)).isNull();
    }

    @Test
    void agreesWithTheFormatterOverManyInstants() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
            assertThat(Dates.iso(t)).as("%s", t).isEqualTo(REFERENCE.format(t));
        }
    }
}
