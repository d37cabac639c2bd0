package dev.opendrive.deploy.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Runs the tools the VM checks need (render.sh, nginx, keytool, systemd-analyze). */
final class Commands {
    private Commands() {
    }

    record Run(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    /** Runs a command to its end, stdin from a file (or none), stdout and stderr kept apart. */
    static Run run(Path stdin, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        if (stdin == null) {
            p.getOutputStream().close();
        }
        byte[] err;
        byte[] out;
        try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
            var errReader = CompletableFuture.supplyAsync(() -> {
                try {
                    return e.readAllBytes();
                } catch (IOException x) {
                    return new byte[0];
                }
            });
            out = o.readAllBytes();
            err = errReader.get();
        }
        return new Run(p.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
