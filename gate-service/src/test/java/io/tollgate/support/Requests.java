package io.tollgate.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builders for check request bodies: {@code aCheck().stage("canary-25").approvals("lee").json()}. */
public final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    /** The README's example: checkout 1.4.2 to canary-5 in production, authored by dana, approved by lee. */
    public static CheckBuilder aCheck() {
        return new CheckBuilder();
    }

    public static final class CheckBuilder {
        private final ObjectNode body = JSON.createObjectNode();

        private CheckBuilder() {
            body.put("service", "checkout").put("version", "1.4.2").put("environment", "production").put("stage", "canary-5");
            var change = body.putObject("change");
            change.put("commit", "9f2c1e7").put("pipeline", "build-812").put("author", "dana");
            change.putArray("approvals").add("lee");
        }

        public CheckBuilder service(String s) {
            body.put("service", s);
            return this;
        }

        public CheckBuilder environment(String e) {
            body.put("environment", e);
            return this;
        }

        public CheckBuilder stage(String s) {
            body.put("stage", s);
            return this;
        }

        public CheckBuilder previousStage(String s) {
            body.put("previousStage", s);
            return this;
        }

        public CheckBuilder author(String a) {
            ((ObjectNode) body.get("change")).put("author", a);
            return this;
        }

        public CheckBuilder approvals(String... names) {
            ArrayNode arr = ((ObjectNode) body.get("change")).putArray("approvals");
            for (String n : names) {
                arr.add(n);
            }
            return this;
        }

        public CheckBuilder dryRun(boolean d) {
            body.put("dryRun", d);
            return this;
        }

        public ObjectNode json() {
            return body.deepCopy();
        }

        @Override
        public String toString() {
            return body.toString();
        }
    }
}
