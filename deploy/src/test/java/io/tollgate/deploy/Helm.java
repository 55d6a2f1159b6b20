package io.tollgate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code helm} binary (v4, built from the Go module proxy by {@code scripts/helm-tools.sh}, which pins the
 * version and prints the binary's path), run on the chart under {@code deploy/helm/tollgate}.
 */
final class Helm {
    private static final long DEADLINE_SECONDS = 120;
    private static Path binary;

    /** What one helm command did. */
    record Result(int exitCode, String out, String err) {
        /** The output, failing with both streams when helm did not exit 0. */
        String outOrFail() {
            if (exitCode != 0) {
                throw new AssertionError("helm exited " + exitCode + "\nstderr: " + err + "\nstdout: " + out);
            }
            return out;
        }
    }

    private Helm() {
    }

    /** The chart's directory. */
    static Path chart() {
        return Path.of(System.getProperty("chart.dir", "helm/tollgate")).toAbsolutePath();
    }

    /** Runs {@code helm args...} with HOME-like state kept under {@code target/} (no user's helm config is read). */
    static Result run(String... args) {
        var command = new ArrayList<String>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        var state = Path.of("target", "helm-home").toAbsolutePath();
        builder.environment().put("HELM_CACHE_HOME", state.resolve("cache").toString());
        builder.environment().put("HELM_CONFIG_HOME", state.resolve("config").toString());
        builder.environment().put("HELM_DATA_HOME", state.resolve("data").toString());
        builder.environment().remove("KUBECONFIG");
        return execute(builder, "helm " + String.join(" ", args));
    }

    /** {@code helm template NAME CHART --namespace NS -f values...}. */
    static Result template(String release, String namespace, Path... valuesFiles) {
        var args = new ArrayList<>(List.of("template", release, chart().toString(), "--namespace", namespace));
        for (var f : valuesFiles) {
            args.add("--values");
            args.add(f.toString());
        }
        return run(args.toArray(String[]::new));
    }

    private static synchronized Path binary() {
        if (binary == null) {
            var root = Path.of(System.getProperty("tollgate.root", "..")).toAbsolutePath();
            var builder = new ProcessBuilder("bash", root.resolve("scripts/helm-tools.sh").toString());
            var result = execute(builder, "scripts/helm-tools.sh");
            if (result.exitCode() != 0) {
                throw new AssertionError("scripts/helm-tools.sh could not provide helm (exit " + result.exitCode() + "): " + result.err());
            }
            var lines = result.out().strip().lines().toList();
            binary = Path.of(lines.getLast());
            if (!Files.isExecutable(binary)) {
                throw new AssertionError("scripts/helm-tools.sh printed " + binary + ", which is not an executable");
            }
        }
        return binary;
    }

    private static Result execute(ProcessBuilder builder, String what) {
        try {
            var out = Files.createTempFile("helm", ".out");
            var err = Files.createTempFile("helm", ".err");
            try {
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                var process = builder.start();
                if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(what + " did not finish within " + DEADLINE_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + what, e);
        }
    }
}
