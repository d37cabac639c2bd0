package dev.opendrive.model.events;

/**
 * A handler's verdict that retrying cannot help (a decompression bomb, a corrupt file): the bus
 * dead-letters the event at once instead of retrying it.
 */
public class UnprocessableEventException extends Exception {

    public UnprocessableEventException(String message) {
        super(message);
    }

    public UnprocessableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
