package dev.opendrive.api;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.Modules;

/** This module's classes live under its root package and use only the modules below it. */
class ModuleBoundariesTest {

    @Test
    void classesStayInTheirModuleAndDependOnlyDownward() {
        Modules.API.verify(dev.opendrive.api.files.FileService.class);
    }
}
