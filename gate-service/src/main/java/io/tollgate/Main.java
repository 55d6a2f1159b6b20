package io.tollgate;

import io.helidon.webserver.http.HttpRouting;
import io.tollgate.audit.DecisionLog;
import io.tollgate.auth.TokenAuthenticator;
import io.tollgate.config.ConfigException;
import io.tollgate.config.ConfigLoader;
import io.tollgate.gate.GateService;
import io.tollgate.http.AuditHttpService;
import io.tollgate.http.DecisionsHttpService;
import io.tollgate.http.ErrorMapping;
import io.tollgate.http.GateHttpService;
import io.tollgate.http.OpsHttpService;
import io.tollgate.http.SloHttpService;
import io.tollgate.budget.SloMonitor;
import io.tollgate.slo.SloValidationException;
import io.tollgate.observability.GateMetrics;
import io.tollgate.observability.Log;
import io.tollgate.policy.PolicyEngine;
import java.nio.file.Path;

/** Entry point: load configuration, start {@link Tollgate}, print where it listens. */
public final class Main {
    private Main() {
    }

    /** What the routes need, built by {@link Tollgate}. */
    public record Components(GateService gates, DecisionLog decisions, PolicyEngine engine, SloMonitor slos,
                             TokenAuthenticator auth, GateMetrics metrics, int maxBodyBytes) {
    }

    /** Every route of the service. */
    public static void routing(HttpRouting.Builder routing, Components c) {
        ErrorMapping.register(routing);
        routing.register("/v1/gates", new GateHttpService(c.gates(), c.auth(), c.maxBodyBytes()))
                .register("/v1/decisions", new DecisionsHttpService(c.decisions(), c.auth()))
                .register("/v1/audit", new AuditHttpService(c.decisions(), c.auth()))
                .register("/v1/slos", new SloHttpService(c.slos(), c.auth()))
                .register("/", new OpsHttpService(c.metrics(), c.decisions(), c.engine()));
    }

    /** Usage: {@code tollgate [--config FILE]}; {@code TOLLGATE_CONFIG} names the file too. */
    public static void main(String[] args) {
        Log.installJsonLogging();
        Path configFile = null;
        if (args.length == 2 && args[0].equals("--config")) {
            configFile = Path.of(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: tollgate [--config FILE]");
            System.exit(2);
        } else if (System.getenv("TOLLGATE_CONFIG") != null) {
            configFile = Path.of(System.getenv("TOLLGATE_CONFIG"));
        }
        Tollgate tollgate;
        try {
            tollgate = Tollgate.start(ConfigLoader.load(configFile, System.getenv()));
        } catch (ConfigException e) {
            System.err.println("tollgate: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        } catch (SloValidationException e) {
            System.err.println("tollgate: invalid SLO definitions, not starting:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(tollgate::close, "tollgate-shutdown"));
        System.out.println("Tollgate listening on " + tollgate.baseUrl());
        if (tollgate.devToken() != null) {
            System.out.println("Development token (role admin, valid until restart): " + tollgate.devToken());
            System.out.println("Try: curl -s " + tollgate.baseUrl() + "/v1/gates/check -H 'Authorization: Bearer "
                    + tollgate.devToken() + "' -H 'Content-Type: application/json' -d @docs/examples/check.json");
        }
        System.out.flush();
    }
}
