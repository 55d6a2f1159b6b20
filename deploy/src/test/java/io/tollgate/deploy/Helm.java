package io.tollgate.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code helm} binary (v4, built from the Go module proxy by {@code scripts/helm-tools.sh}, which pins the
 * version and prints the binary's path), run on the chart under {@code deploy/helm/tollgate}.
 */
final class Helm {
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final Duration INSTALL_DEADLINE = Duration.ofMinutes(20);
    private static Path binary;

    private Helm() {
    }

    /** The chart's directory. */
    static Path chart() {
        return Path.of(System.getProperty("chart.dir", "helm/tollgate")).toAbsolutePath();
    }

    /** Runs {@code helm args...} with HOME-like state kept under {@code target/} (no user's helm config is read). */
    static Commands.Result run(String... args) {
        var command = new ArrayList<String>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        var state = Path.of("target", "helm-home").toAbsolutePath();
        builder.environment().put("HELM_CACHE_HOME", state.resolve("cache").toString());
        builder.environment().put("HELM_CONFIG_HOME", state.resolve("config").toString());
        builder.environment().put("HELM_DATA_HOME", state.resolve("data").toString());
        builder.environment().remove("KUBECONFIG");
        return Commands.run(builder, DEADLINE, "helm " + String.join(" ", args));
    }

    /** {@code helm template NAME CHART --namespace NS -f values...}. */
    static Commands.Result template(String release, String namespace, Path... valuesFiles) {
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
            // The first run builds helm (minutes); later ones only check the version.
            var result = Commands.run(builder, INSTALL_DEADLINE, "scripts/helm-tools.sh");
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
}
