package io.tollgate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.ApiClient;
import io.tollgate.support.Ports;
import io.tollgate.support.TollgateProcess;
import io.tollgate.testsupport.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first minute of {@code Main} as a person and as a machine see it: on a pseudo-terminal a short summary and no
 * JSON; through pipes (or with TOLLGATE_LOG_FORMAT=json) every log line as JSON.
 */
@Tag("live")
class FirstMinuteProcessTest {
    private static final Pattern TOKEN = Pattern.compile("  token      (\\S+) \\(role admin");
    private static final Pattern URL = Pattern.compile("Tollgate listening on (http://127\\.0\\.0\\.1:\\d+)");

    @Test
    void a_terminal_gets_a_short_summary_with_the_urls_and_the_token_and_no_json(@TempDir Path dir) throws Exception {
        var tollgate = TollgateProcess.startOnTerminal(dir, Map.of("TOLLGATE_HTTP_PORT", String.valueOf(Ports.free()),
                "TOLLGATE_DATA_DIR", dir.resolve("state").toString()));
        try {
            String shown = Eventually.await("the summary on the terminal", TollgateProcess.START_DEADLINE,
                    () -> tollgate.out().replace("\r", ""), o -> o.contains("TOLLGATE_LOG_FORMAT=json") || !tollgate.process().isAlive());
            System.out.println("what the terminal showed:\n" + shown);
            var url = URL.matcher(shown);
            var token = TOKEN.matcher(shown);

            assertThat(url.find()).as(shown).isTrue();
            assertThat(token.find()).as(shown).isTrue();
            assertThat(shown).contains("  database   embedded PostgreSQL, data in " + dir.resolve("state").resolve("postgres"))
                    .contains("  console    " + url.group(1) + "/ui/");
            assertThat(shown.lines().filter(l -> l.startsWith("{"))).as("no JSON log line on a terminal").isEmpty();
            assertThat(shown).doesNotContain("Helidon logging implementation");
            assertThat(shown.lines().count()).as(shown).isLessThan(25);
            var api = new ApiClient(url.group(1));
            assertThat(api.get("/v1/releases", token.group(1)).status()).isEqualTo(200);
        } finally {
            tollgate.destroy();
        }
    }

    @Test
    void through_pipes_every_log_line_is_json_and_the_url_and_token_follow(@TempDir Path dir) throws Exception {
        var tollgate = TollgateProcess.start(dir, Map.of("TOLLGATE_HTTP_PORT", String.valueOf(Ports.free()),
                "TOLLGATE_DATA_DIR", dir.resolve("state").toString()));
        try {
            tollgate.awaitListening(TollgateProcess.START_DEADLINE, true);

            var logLines = tollgate.err().lines().filter(l -> !l.isBlank()).toList();
            assertThat(logLines).as("start-up logs").hasSizeGreaterThan(5).allSatisfy(l -> assertThat(l).startsWith("{\"ts\":"));
            assertThat(tollgate.out()).contains("Development token (role admin, valid until restart): " + tollgate.devToken())
                    .doesNotContain("console");
        } finally {
            tollgate.destroy();
        }
    }

    @Test
    void a_bad_setting_stops_the_start_and_json_can_be_forced_on_a_terminal(@TempDir Path dir) throws Exception {
        var bad = TollgateProcess.startOnTerminal(dir, Map.of("TOLLGATE_LOG_FORMAT", "pretty"));
        try {
            assertThat(bad.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(bad.process().exitValue()).isEqualTo(2);
            assertThat(bad.out()).contains("tollgate: invalid configuration: TOLLGATE_LOG_FORMAT must be auto, json or text, got \"pretty\"");
        } finally {
            bad.destroy();
        }
        // The first log lines (the embedded PostgreSQL's) are enough to see the format; no need to wait for the whole start.
        var forced = TollgateProcess.startOnTerminal(dir, Map.of("TOLLGATE_LOG_FORMAT", "json",
                "TOLLGATE_HTTP_PORT", String.valueOf(Ports.free()), "TOLLGATE_DATA_DIR", dir.resolve("state").toString()));
        try {
            String shown = Eventually.await("three log lines", TollgateProcess.START_DEADLINE, () -> forced.out().replace("\r", ""),
                    o -> o.lines().count() >= 3 || !forced.process().isAlive());
            assertThat(shown.lines().limit(3)).as(shown).allSatisfy(l -> assertThat(l).startsWith("{\"ts\":"));
        } finally {
            forced.destroy();
        }
    }
}
