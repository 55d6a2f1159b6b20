package io.tollgate.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Which format the process talks in, and what a terminal is shown. */
class LogFormatTest {

    @Test
    void auto_is_text_at_a_terminal_and_json_elsewhere_and_a_setting_forces_either() {
        assertThat(LogFormat.choose(null, true)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.choose(null, false)).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.choose("auto", true)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.choose("json", true)).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.choose("TEXT", false)).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void an_unknown_setting_is_refused_naming_the_variable_and_the_choices() {
        assertThatThrownBy(() -> LogFormat.choose("pretty", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TOLLGATE_LOG_FORMAT must be auto, json or text, got \"pretty\"");
    }

    @Test
    void a_terminal_sees_warnings_always_and_tollgates_own_events_only_once_started() {
        var initdb = record(Level.INFO, "io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "initdb: syncing data to disk");
        var ours = record(Level.INFO, "io.tollgate.release.ReleaseController", "release transition");
        var warning = record(Level.WARNING, "io.helidon.webserver.LoomServer", "slow");

        var routine = record(Level.WARNING, "org.jooq.impl.DefaultExecuteContext.logVersionSupport", "Version mismatch");

        assertThat(Log.shownAtTerminal(warning)).isTrue();
        assertThat(Log.shownAtTerminal(routine)).as("a warning every start logs").isFalse();
        assertThat(Log.shownAtTerminal(initdb)).isFalse();
        Log.started();
        assertThat(Log.shownAtTerminal(ours)).isTrue();
        assertThat(Log.shownAtTerminal(initdb)).isFalse();
    }

    @Test
    void a_text_line_has_time_level_message_and_fields() {
        var r = record(Level.WARNING, "io.tollgate.release.ReleaseController", "release transition");
        r.setParameters(new Object[] {Map.of("to", "halted")});
        r.setInstant(Instant.parse("2026-11-24T10:42:07Z"));

        String line = new TextLogFormatter().format(r);

        assertThat(line).matches("\\d\\d:\\d\\d:07 WARNING release transition \\(to=halted\\)\\R");
    }

    private static LogRecord record(Level level, String logger, String message) {
        var r = new LogRecord(level, message);
        r.setLoggerName(logger);
        return r;
    }
}
