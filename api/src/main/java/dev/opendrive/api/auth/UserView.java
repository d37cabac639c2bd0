package dev.opendrive.api.auth;

/** The user as clients see it: {id, email, role}. */
public record UserView(String id, String email, String role) {

    public static UserView of(UserDocument user) {
        return new UserView(user.id.toHexString(), user.email, user.role);
    }
}
