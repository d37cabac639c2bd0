package dev.opendrive.api.sharing;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * (added) The optional settings of a share link, in the body of {@code POST /:id/share} (creating or
 * keeping the link) and {@code PATCH /:id/share}. A field that is absent stays as it is; a field set
 * to null removes that rule. Records cannot tell an absent field from a JSON null, hence the setters.
 */
@Schema(name = "ShareSettingsRequest", description = "Absent fields stay as they are; null removes the rule")
public final class ShareRequest {

    @Schema(description = "Visitors must give it (1 to 72 bytes); stored as a bcrypt hash only", nullable = true)
    private String password;
    @Schema(description = "ISO-8601 instant; from then on the link answers 410 SHARE_EXPIRED "
            + "(a past instant ends it at once)", nullable = true, format = "date-time")
    private String expiresAt;
    @Schema(description = "Downloads allowed through the link (each download request counts); then 410 "
            + "DOWNLOAD_LIMIT_REACHED", nullable = true, minimum = "1")
    private Long maxDownloads;
    @Schema(description = "\"view\" (default) or, for a folder, \"drop\": visitors may only upload into it",
            enumeration = {"view", "drop"})
    private String mode;

    @JsonIgnore
    boolean passwordGiven;
    @JsonIgnore
    boolean expiresGiven;
    @JsonIgnore
    boolean maxGiven;

    @JsonProperty("password")
    public void setPassword(String password) {
        this.password = password;
        this.passwordGiven = true;
    }

    @JsonProperty("expiresAt")
    public void setExpiresAt(String expiresAt) {
        this.expiresAt = expiresAt;
        this.expiresGiven = true;
    }

    @JsonProperty("maxDownloads")
    public void setMaxDownloads(Long maxDownloads) {
        this.maxDownloads = maxDownloads;
        this.maxGiven = true;
    }

    @JsonProperty("mode")
    public void setMode(String mode) {
        this.mode = mode;
    }

    String password() {
        return password;
    }

    String expiresAt() {
        return expiresAt;
    }

    Long maxDownloads() {
        return maxDownloads;
    }

    String mode() {
        return mode;
    }
}
