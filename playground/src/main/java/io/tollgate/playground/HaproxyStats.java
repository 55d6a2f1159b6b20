package io.tollgate.playground;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-server counters of one HAProxy backend, read from the Runtime API's {@code show stat} CSV. The columns are
 * found by the header's names, not by position, so HAProxy versions that add columns still parse.
 */
public record HaproxyStats(String backend, Map<String, Server> servers) {

    /** One server line: HTTP responses answered through it (all classes), 5xx among them, current weight, status. */
    public record Server(String name, long responses, long errors5xx, int weight, String status) {
    }

    private static final List<String> RESPONSE_COLUMNS =
            List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other");

    /**
     * Parses {@code show stat} output and keeps the server lines of {@code backend} (not its FRONTEND/BACKEND
     * summary lines).
     *
     * @throws IllegalArgumentException when the text has no {@code # pxname,…} header or lacks a needed column
     */
    public static HaproxyStats parse(String showStat, String backend) {
        String[] lines = showStat.split("\n");
        Map<String, Integer> column = null;
        var servers = new LinkedHashMap<String, Server>();
        for (String line : lines) {
            if (line.startsWith("# ")) {
                column = header(line.substring(2));
                continue;
            }
            if (column == null || line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            String proxy = f[column.get("pxname")];
            String server = f[column.get("svname")];
            if (!proxy.equals(backend) || server.equals("FRONTEND") || server.equals("BACKEND")) {
                continue;
            }
            long responses = 0;
            for (String c : RESPONSE_COLUMNS) {
                responses += number(f[column.get(c)]);
            }
            servers.put(server, new Server(server, responses, number(f[column.get("hrsp_5xx")]),
                    (int) number(f[column.get("weight")]), f[column.get("status")]));
        }
        if (column == null) {
            throw new IllegalArgumentException("not 'show stat' output (no '# pxname,…' header): "
                    + showStat.substring(0, Math.min(200, showStat.length())));
        }
        return new HaproxyStats(backend, servers);
    }

    private static Map<String, Integer> header(String names) {
        var column = new LinkedHashMap<String, Integer>();
        String[] n = names.split(",", -1);
        for (int i = 0; i < n.length; i++) {
            column.put(n[i], i);
        }
        var missing = new ArrayList<String>();
        for (String needed : concat(List.of("pxname", "svname", "weight", "status"), RESPONSE_COLUMNS)) {
            if (!column.containsKey(needed)) {
                missing.add(needed);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("'show stat' header lacks " + missing + ": " + Arrays.toString(n));
        }
        return column;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** HAProxy leaves a column empty where a counter does not apply. */
    private static long number(String s) {
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }
}
