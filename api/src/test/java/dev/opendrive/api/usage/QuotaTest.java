package dev.opendrive.api.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DEFAULT_QUOTA's syntax, as the README documents it. */
class QuotaTest {

    static final long KIB = 1024;

    @Test
    void sizesWithUnitsAreBinaryMultiplesWhicheverWayTheUnitIsWritten() {
        assertThat(Quota.parse("10GB").bytes()).isEqualTo(10 * KIB * KIB * KIB);
        assertThat(Quota.parse("10G")).isEqualTo(Quota.parse("10GB")).isEqualTo(Quota.parse(" 10 gib "));
        assertThat(Quota.parse("500MB").bytes()).isEqualTo(500 * KIB * KIB);
        assertThat(Quota.parse("64k").bytes()).isEqualTo(64 * KIB);
        assertThat(Quota.parse("1.5TB").bytes()).isEqualTo(3 * KIB * KIB * KIB * KIB / 2);
        assertThat(Quota.parse("1073741824").bytes()).isEqualTo(KIB * KIB * KIB);
        assertThat(Quota.parse("100B").bytes()).isEqualTo(100);
    }

    @Test
    void zeroEmptyAndUnlimitedMeanNoLimit() {
        for (String none : new String[] { "0", "0GB", "", "  ", "unlimited", "UNLIMITED", "none", null }) {
            assertThat(Quota.parse(none).unlimited()).as("'%s'", none).isTrue();
            assertThat(Quota.parse(none).limit()).isNull();
        }
        assertThat(Quota.UNLIMITED.free(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anythingElseStopsTheStartWithAMessageThatShowsTheSyntax() {
        for (String bad : new String[] { "-5", "10XB", "ten GB", "10ib", "1e9", "10 G B", "99999999999T" }) {
            assertThatThrownBy(() -> Quota.parse(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.trim().isEmpty() ? "" : bad);
        }
    }

    @Test
    void whatIsLeftIsNeverNegative() {
        assertThat(Quota.of(100).free(30)).isEqualTo(70);
        assertThat(Quota.of(100).free(130)).isZero();
        assertThat(Quota.of(0).free(0)).isZero();
    }

    @Test
    void sizesInMessagesReadLikeTheWebUi() {
        assertThat(Quota.human(0)).isEqualTo("0 B");
        assertThat(Quota.human(1536)).isEqualTo("1.5 KB");
        assertThat(Quota.human(10 * KIB * KIB * KIB)).isEqualTo("10.0 GB");
        assertThat(Quota.human(500 * KIB * KIB)).isEqualTo("500 MB");
    }
}
