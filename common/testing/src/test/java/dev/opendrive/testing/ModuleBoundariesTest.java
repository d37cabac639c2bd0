package dev.opendrive.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The module graph itself: roots that cannot overlap, and no cycle. */
class ModuleBoundariesTest {

    @Test
    void noRootLiesInsideAnother() {
        for (Modules a : Modules.values()) {
            for (Modules b : Modules.values()) {
                if (a != b) {
                    assertThat(a.root() + ".").as("%s inside %s", a, b).doesNotStartWith(b.root() + ".");
                }
            }
        }
    }

    @Test
    void noModuleReachesItself() {
        Arrays.stream(Modules.values()).forEach(m -> assertThat(m.reachable()).as(m.name()).doesNotContain(m));
    }

    @Test
    void testResourcesUseOnlyTheEmbeddedEngine() {
        Modules.TESTING.verify(MongoTestResource.class);
    }
}
