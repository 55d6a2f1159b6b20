package io.tollgate.adapter.haproxy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One backend's servers as {@code show servers state <backend>} reports them (HAProxy 2.6 format: a version
 * line {@code 1}, a header {@code # be_id be_name srv_id srv_name … srv_op_state srv_admin_state srv_uweight …},
 * then one line per server). Columns are found by header name, not position.
 */
record ServersState(Map<String, Server> servers) {

    /** What we need of one server. */
    record Server(String name, int opState, int adminState, int weight) {
        /** {@code srv_op_state} 2 = SRV_ST_RUNNING (0 stopped, 1 starting, 3 stopping). */
        static final int RUNNING = 2;

        /** Running (health checks pass, or none) and in no maintenance or drain mode. */
        boolean ready() {
            return opState == RUNNING && adminState == 0;
        }

        /** Human words for why the server is not ready. */
        String condition() {
            if (adminState != 0) {
                // SRV_ADMF_*: 0x01 forced maint, 0x02 inherited maint, 0x04 config maint, 0x08 forced drain,
                // 0x10 inherited drain, 0x20 resolution maint, 0x40 hostname maint
                boolean drain = (adminState & 0x18) != 0 && (adminState & 0x67) == 0;
                return (drain ? "in drain mode" : "in maintenance") + " (srv_admin_state " + adminState + ")";
            }
            return switch (opState) {
                case 0 -> "DOWN (srv_op_state 0)";
                case 1 -> "starting (srv_op_state 1)";
                case 3 -> "stopping (srv_op_state 3)";
                default -> "up";
            };
        }
    }

    Optional<Server> server(String name) {
        return Optional.ofNullable(servers.get(name));
    }

    /**
     * Parses an answer; throws {@link IllegalArgumentException} naming what is missing when it is not a
     * servers-state table (e.g. an error message such as {@code Can't find backend.}).
     */
    static ServersState parse(String answer) {
        String[] header = null;
        var servers = new HashMap<String, Server>();
        for (String raw : answer.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("# ")) {
                header = line.substring(2).strip().split("\\s+");
                continue;
            }
            if (header == null || line.isEmpty()) {
                continue;
            }
            String[] cols = line.split("\\s+");
            int name = column(header, "srv_name");
            int op = column(header, "srv_op_state");
            int admin = column(header, "srv_admin_state");
            int weight = column(header, "srv_uweight");
            int needed = Math.max(Math.max(name, op), Math.max(admin, weight));
            if (cols.length <= needed) {
                throw new IllegalArgumentException("server line has " + cols.length + " columns, expected more than "
                        + needed + ": " + line);
            }
            try {
                servers.put(cols[name], new Server(cols[name], Integer.parseInt(cols[op]),
                        Integer.parseInt(cols[admin]), Integer.parseInt(cols[weight])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in server line: " + line);
            }
        }
        if (header == null) {
            throw new IllegalArgumentException("no servers-state header in answer: " + oneLine(answer));
        }
        return new ServersState(Map.copyOf(servers));
    }

    static String oneLine(String text) {
        String t = text.strip().replace('\n', ' ');
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("servers-state header has no column " + name);
    }
}
