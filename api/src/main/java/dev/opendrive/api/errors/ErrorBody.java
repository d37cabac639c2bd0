package dev.opendrive.api.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error shape every client sees: {"error": "...", "code": "..."}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String code) {
}
