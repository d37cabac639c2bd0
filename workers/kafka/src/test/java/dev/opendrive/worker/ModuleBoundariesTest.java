package dev.opendrive.worker;

import org.junit.jupiter.api.Test;

import dev.opendrive.testing.Modules;

/** This module's classes live under its root package and use only the modules below it. */
class ModuleBoundariesTest {

    @Test
    void classesStayInTheirModuleAndDependOnlyDownward() {
        Modules.WORKER.verify(dev.opendrive.worker.KafkaDelivery.class);
    }
}
