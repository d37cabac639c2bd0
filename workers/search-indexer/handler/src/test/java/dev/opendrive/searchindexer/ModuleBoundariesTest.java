package dev.opendrive.searchindexer;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.Modules;

/** This module's classes live under its root package and use only the modules below it. */
class ModuleBoundariesTest {

    @Test
    void classesStayInTheirModuleAndDependOnlyDownward() {
        Modules.SEARCH_INDEXER.verify(dev.opendrive.searchindexer.SearchIndexHandler.class);
    }
}
