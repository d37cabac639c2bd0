package dev.opendrive.testing;

import org.testcontainers.DockerClientFactory;

/** The middle link of the test-resource chain: is there a Docker engine for Testcontainers? */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean available() {
        if ("false".equalsIgnoreCase(System.getenv("TESTCONTAINERS_ENABLED"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
