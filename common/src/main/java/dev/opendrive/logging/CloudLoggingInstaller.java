package dev.opendrive.logging;

import java.util.logging.Formatter;
import java.util.logging.Handler;

import org.eclipse.microprofile.config.Config;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Puts the Cloud Logging formatter on the console handler(s) Quarkus created. Quarkus only lets an
 * extension contribute a console formatter (a build item), so the switch happens at the first
 * startup observer: the few lines logged during boot before it stay in the plain format. Off by
 * default, and then this costs one config lookup.
 */
@Singleton
public class CloudLoggingInstaller {

    void onStart(@Observes @Priority(1) StartupEvent event, Config config) {
        CloudLoggingSettings settings = CloudLoggingSettings.from(config);
        if (settings.json()) {
            install(settings.formatter());
        }
    }

    /** Sets the formatter on every console handler under the root logger; returns how many. */
    public static int install(Formatter formatter) {
        int count = 0;
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
            count += install(h, formatter);
        }
        return count;
    }

    private static int install(Handler handler, Formatter formatter) {
        int count = 0;
        if (handler instanceof ConsoleHandler) {
            handler.setFormatter(formatter);
            count++;
        }
        // Quarkus wraps its handlers (delayed handler at the root, async handler if configured)
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                count += install(child, formatter);
            }
        }
        return count;
    }

    /** The console formatter currently in use, for checks. */
    public static Formatter consoleFormatter() {
        for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
            Formatter f = find(h);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static Formatter find(Handler handler) {
        if (handler instanceof ConsoleHandler) {
            return handler.getFormatter();
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                Formatter f = find(child);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }
}
