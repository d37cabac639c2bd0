package dev.opendrive.api.auth;

import java.util.Set;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

/**
 * How SmallRye JWT verifies bearer tokens: HS256 only (so "alg": "none" and RS/ES tokens are
 * refused) with the shared secret, the user id from the old service's userId claim. Replaces the
 * key-file based configuration because the secret is only known at run time.
 */
@ApplicationScoped
public class JwtVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo contextInfo(JwtSecret secret) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(secret.key(), null);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        info.setSubjectPath("userId");
        info.setRequireNamedPrincipal(false);
        info.setRelaxVerificationKeyValidation(secret.isShort());
        info.setClockSkew(30);
        return info;
    }
}
