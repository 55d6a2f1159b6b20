package io.tollgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/**
 * {@code release pause|resume|promote|abort|rollback ID --reason …}: one control action, recorded with the caller
 * and the reason. Exit 0 when done, 1 when the release's state does not allow it (409) or the role may not (403).
 */
abstract class ReleaseControl extends ControlCommand {
    @Override
    String resource() {
        return "/v1/releases/";
    }

    @Override
    String noun() {
        return "release";
    }

    @Override
    void render(JsonNode release) {
        Render.release(out(), release);
    }

    @Command(name = "pause", description = "Halt a pending, gating or baking release until someone resumes it.")
    static final class Pause extends ReleaseControl {
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Resume a halted release: its current stage is gated, applied and baked again.")
    static final class Resume extends ReleaseControl {
        String action() {
            return "resume";
        }
    }

    @Command(name = "promote", description = "End a bake early: move a baking release to its next stage.")
    static final class Promote extends ReleaseControl {
        String action() {
            return "promote";
        }
    }

    @Command(name = "abort", description = "Abort a release that is not final: traffic to stable, flag off, both read back.")
    static final class Abort extends ReleaseControl {
        String action() {
            return "abort";
        }
    }

    @Command(name = "rollback", description = "Roll back a release (also a promoted one): traffic to stable, flag off.")
    static final class Rollback extends ReleaseControl {
        String action() {
            return "rollback";
        }
    }
}
