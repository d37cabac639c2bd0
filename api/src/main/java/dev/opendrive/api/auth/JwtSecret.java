package dev.opendrive.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.jboss.logging.Logger;

import dev.opendrive.model.config.OpenDriveConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HS256 shared secret: JWT_SECRET, as the old service used it, or (monolith without
 * JWT_SECRET) a random secret generated on first use and kept in the data directory so tokens
 * survive restarts. Resolved at run time only: a secret must never end up inside a build.
 */
@ApplicationScoped
public class JwtSecret {

    private static final Logger LOG = Logger.getLogger(JwtSecret.class);
    static final int RECOMMENDED_BYTES = 32;

    private final AuthConfig auth;
    private final OpenDriveConfig config;
    private final SecretKey key;

    // An application-scoped bean is created on its first use (the first token issued or verified),
    // not at boot, so reading or generating the secret here is as lazy as it needs to be.
    public JwtSecret(AuthConfig auth, OpenDriveConfig config) {
        this.auth = auth;
        this.config = config;
        byte[] secret = resolve().getBytes(StandardCharsets.UTF_8);
        if (secret.length < RECOMMENDED_BYTES) {
            LOG.warn("JWT_SECRET is shorter than 32 bytes; accepted for compatibility, but use a longer "
                    + "random secret");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public SecretKey key() {
        return key;
    }

    public boolean isShort() {
        return key().getEncoded().length < RECOMMENDED_BYTES;
    }

    private String resolve() {
        var configured = auth.jwtSecret().filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            return configured.get();
        }
        if (!config.deploymentMode().isMonolith()) {
            throw new IllegalStateException("JWT_SECRET must be set in microservices mode");
        }
        return generatedSecret(config.dataDir());
    }

    private static String generatedSecret(Path dataDir) {
        Path file = dataDir.resolve("jwt-secret");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, secret, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the data directory's own permissions apply
            }
            LOG.warnf("JWT_SECRET is not set: generated a random secret in %s. Set JWT_SECRET to share tokens "
                    + "between instances.", file.toAbsolutePath());
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the JWT secret in " + file, e);
        }
    }
}
