package io.tollgate.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Renders the HAProxy 2.6 configuration {@link HaproxyFixture} runs; one place for every directive it uses. */
final class HaproxyConfigFile {
    private HaproxyConfigFile() {
    }

    /** Ports and settings of one fixture; {@code frontendPorts} and {@code services} share their keys. */
    record Layout(int runtimePort, int masterPort, int exporterPort, Map<String, Integer> frontendPorts, Map<String, BackendPair> services,
                  int stableWeight, int canaryWeight, Duration checkInterval, Path stateFile) {
    }

    static String render(Layout l) {
        var sb = new StringBuilder();
        sb.append("global\n")
                // The Runtime API on TCP, admin level (set server … weight needs it). One command per connection.
                .append("  stats socket ipv4@127.0.0.1:").append(l.runtimePort()).append(" level admin\n")
                // Runtime weights survive a reload only through this file (saved from `show servers state`).
                .append("  server-state-file ").append(l.stateFile()).append('\n')
                // An old worker keeping client connections alive after a reload must not linger.
                .append("  hard-stop-after 5s\n")
                .append("  maxconn 2000\n")
                .append("defaults\n")
                .append("  mode http\n")
                .append("  timeout connect 1s\n")
                .append("  timeout client 10s\n")
                .append("  timeout server 10s\n")
                .append("  timeout http-request 5s\n")
                // without it a check times out after `inter` (200 ms), too tight on a busy 2-core test machine
                .append("  timeout check 2s\n")
                .append("  load-server-state-from-file global\n")
                .append("  default-server check inter ").append(l.checkInterval().toMillis()).append("ms fall 2 rise 2\n")
                .append("frontend exporter\n")
                .append("  bind 127.0.0.1:").append(l.exporterPort()).append('\n')
                .append("  http-request use-service prometheus-exporter if { path /metrics }\n");
        for (var e : l.services().entrySet()) {
            String name = e.getKey();
            BackendPair pair = e.getValue();
            sb.append("frontend fe_").append(name).append('\n')
                    .append("  bind 127.0.0.1:").append(l.frontendPorts().get(name)).append('\n')
                    .append("  default_backend ").append(name).append('\n')
                    .append("backend ").append(name).append('\n')
                    // roundrobin is dynamic (weights change at run time) and splits exactly; static algorithms
                    // accept only weight 0% or 100% at run time.
                    .append("  balance roundrobin\n")
                    .append("  option httpchk GET /health\n")
                    .append("  http-check expect status 200\n")
                    .append("  server ").append(HaproxyFixture.STABLE).append(' ').append(pair.stable().hostPort())
                    .append(" weight ").append(l.stableWeight()).append('\n')
                    .append("  server ").append(HaproxyFixture.CANARY).append(' ').append(pair.canary().hostPort())
                    .append(" weight ").append(l.canaryWeight()).append('\n');
        }
        return sb.toString();
    }
}
