package dev.opendrive.api.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;

/** bcrypt hashing; verifies hashes written by bcryptjs in the old service too. */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    private volatile String decoy;

    public PasswordHasher(AuthConfig config) {
        this.cost = config.bcryptCost();
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    public boolean matches(String password, String hash) {
        try {
            return hash != null && BcryptUtil.matches(password, hash);
        } catch (RuntimeException e) {
            return false; // a malformed stored hash never authenticates
        }
    }

    /**
     * Whether the password is the user's; for no user (an unknown email) false, after the time a
     * real check takes, so that an unknown email answers as slowly as a wrong password.
     */
    public boolean matchesUser(String password, UserDocument user) {
        if (user == null) {
            burnEquivalentTime(password);
            return false;
        }
        return matches(password, user.password);
    }

    /** Spends the time of a real check. */
    private void burnEquivalentTime(String password) {
        String d = decoy;
        if (d == null) {
            d = hash("decoy-password-for-timing");
            decoy = d;
        }
        matches(password, d);
    }
}
