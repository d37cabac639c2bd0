package dev.opendrive.model.config;

/** How OpenDrive runs: everything in one process, or API and workers as separate services. */
public enum DeploymentMode {
    MONOLITH,
    MICROSERVICES;

    public boolean isMonolith() {
        return this == MONOLITH;
    }
}
