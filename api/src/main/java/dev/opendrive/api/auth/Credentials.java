package dev.opendrive.api.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

/**
 * The body of register and login: {"email": "...", "password": "..."}. Presence is checked here;
 * the rules of a valid address and password stay in {@link AuthService}.
 */
public record Credentials(
        @NotBlank(message = REQUIRED) String email,
        @NotEmpty(message = REQUIRED) String password) {

    static final String REQUIRED = "Email and password are required";
}
