package dev.opendrive.api.auth;

import java.time.Instant;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

/** Issues HS256 tokens with the old service's userId claim plus the standard sub/iat/exp/iss. */
@ApplicationScoped
public class TokenIssuer {

    private final AuthConfig config;
    private final JwtSecret secret;

    public TokenIssuer(AuthConfig config, JwtSecret secret) {
        this.config = config;
        this.secret = secret;
    }

    public String issue(UserDocument user) {
        Instant now = Instant.now();
        String id = user.id.toHexString();
        return Jwt.claim("userId", id)
                .subject(id)
                .issuer(config.issuer())
                .issuedAt(now)
                .expiresAt(now.plus(config.tokenLifetime()))
                .jws()
                .algorithm(SignatureAlgorithm.HS256)
                .sign(secret.key());
    }
}
