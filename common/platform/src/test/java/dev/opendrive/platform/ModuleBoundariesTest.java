package dev.opendrive.platform;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.Modules;

/** This module's classes live under its root package and use only the modules below it. */
class ModuleBoundariesTest {

    @Test
    void classesStayInTheirModuleAndDependOnlyDownward() {
        Modules.PLATFORM.verify(dev.opendrive.platform.logging.LogEvent.class);
    }
}
