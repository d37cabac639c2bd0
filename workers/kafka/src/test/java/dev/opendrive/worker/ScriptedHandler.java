package dev.opendrive.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;
import dev.opendrive.model.events.EventData.AboutFile;
import dev.opendrive.model.events.FileEvent;
import dev.opendrive.model.events.FileEventHandler;
import dev.opendrive.model.events.UnprocessableEventException;

/** A test handler scripted per file id (fail, poison, block); a singleton so tests read its real state. */
@Singleton
public class ScriptedHandler implements FileEventHandler {

    enum Behaviour {
        OK, FAIL_ONCE, ALWAYS_FAIL, POISON, BLOCK_SECOND_ATTEMPT
    }

    final Map<String, Behaviour> script = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final List<String> succeeded = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocked = new CountDownLatch(1);

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public boolean accepts(FileEvent event) {
        return event.data() instanceof AboutFile;
    }

    @Override
    public void handle(FileEvent event) throws Exception {
        String id = ((AboutFile) event.data()).file().fileId();
        int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        switch (script.getOrDefault(id, Behaviour.OK)) {
            case FAIL_ONCE -> {
                if (attempt == 1) {
                    throw new IllegalStateException("transient failure");
                }
            }
            case ALWAYS_FAIL -> throw new IllegalStateException("always failing");
            case POISON -> throw new UnprocessableEventException("cannot be processed");
            case BLOCK_SECOND_ATTEMPT -> {
                if (attempt == 1) {
                    throw new IllegalStateException("transient failure");
                }
                blocked.countDown();
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            default -> {
            }
        }
        succeeded.add(id);
    }

    int attemptsOf(String id) {
        AtomicInteger a = attempts.get(id);
        return a == null ? 0 : a.get();
    }
}
