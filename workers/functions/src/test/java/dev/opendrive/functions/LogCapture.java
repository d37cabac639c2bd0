package dev.opendrive.functions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what one class logs (JBoss LogManager is a java.util.logging implementation). */
final class LogCapture extends Handler {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    LogCapture(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
    }

    void start() {
        messages.clear();
        logger.addHandler(this);
    }

    void stop() {
        logger.removeHandler(this);
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        Object[] params = record.getParameters();
        if (params != null && params.length > 0) {
            try {
                message = String.format(message, params);
            } catch (RuntimeException e) {
                // keep the raw message
            }
        }
        messages.add(message);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
