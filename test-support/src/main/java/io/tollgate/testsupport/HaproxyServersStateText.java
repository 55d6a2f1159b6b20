package io.tollgate.testsupport;

/** Reads fields from HAProxy Runtime API answers ({@code show servers state}) for the fixture. */
final class HaproxyServersStateText {
    private HaproxyServersStateText() {
    }

    /** {@code srv_op_state} of {@code server} (2 = running), or null when absent. */
    static Integer opState(String answer, String server) {
        String[] header = null;
        for (String line : answer.split("\n")) {
            if (line.startsWith("# ")) {
                header = line.substring(2).trim().split(" ");
                continue;
            }
            if (header == null || line.isBlank()) {
                continue;
            }
            String[] cols = line.trim().split(" ");
            int name = indexOf(header, "srv_name");
            int op = indexOf(header, "srv_op_state");
            if (name >= 0 && op >= 0 && cols.length > Math.max(name, op) && cols[name].equals(server)) {
                return Integer.valueOf(cols[op]);
            }
        }
        return null;
    }

    private static int indexOf(String[] header, String column) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(column)) {
                return i;
            }
        }
        return -1;
    }
}
