package io.tollgate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with a given environment and captures exit code, stdout and stderr. */
final class CliRun {
    private CliRun() {
    }

    /** One run's result. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(Map<String, String> env, String... args) {
        return run(env, Clock.systemUTC(), args);
    }

    static Result run(Map<String, String> env, Clock clock, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = TollgateCli.run(args, env, clock, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    /** TOLLGATE_URL and TOLLGATE_TOKEN set, nothing else. */
    static Map<String, String> env(String url, String token) {
        var env = new HashMap<String, String>();
        env.put("TOLLGATE_URL", url);
        if (token != null) {
            env.put("TOLLGATE_TOKEN", token);
        }
        return env;
    }
}
