package dev.opendrive.api.json;

/** {"message": "..."} answers of the old API. */
public record Message(String message) {
}
