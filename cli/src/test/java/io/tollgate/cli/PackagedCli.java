package io.tollgate.cli;

import org.junit.jupiter.api.Assumptions;

/**
 * The script tests run the packaged jar, so only in the surefire execution after {@code package}
 * ({@code packaged-cli}, which sets {@code cli.packaged=true}); the default execution skips them even when
 * {@code -Dtest} names them (a jar left from an earlier build would be stale).
 */
final class PackagedCli {
    private PackagedCli() {
    }

    static void assume() {
        Assumptions.assumeTrue(Boolean.getBoolean("cli.packaged"), "runs after package (surefire execution packaged-cli)");
    }
}
