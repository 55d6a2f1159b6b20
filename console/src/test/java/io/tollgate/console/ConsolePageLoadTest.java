package io.tollgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Page load in the browser: the releases list with 1,000 releases and a release with 500 analysis looks, from the start
 * of navigation (Navigation Timing) until the page's data is on screen (the console's performance marks): the median of five
 * runs under 1 s, every run printed.
 * The data are copies of one real rolled-back release, made in the database so the test does not wait for 1,000 releases.
 */
@Tag("live")
class ConsolePageLoadTest {
    private static final int RELEASES = 1000;
    private static final int LOOKS = 500;
    private static final int RUNS = 5;
    private static ConsoleFixture fixture;
    private static Browser browser;
    private static String analysed;

    @BeforeAll
    static void start() throws SQLException {
        fixture = new ConsoleFixture();
        fixture.series.perReading(1000, 20, 1000, 60);
        analysed = fixture.start(ConsoleFixture.release("checkout", "60s", true));
        fixture.awaitState(analysed, "rolled_back", Duration.ofSeconds(30));
        seed(UUID.fromString(analysed));
        browser = fixture.openBrowser();
        browser.load("");
        browser.signIn(TestTollgate.VIEWER_TOKEN);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * 999 copies of the release (other services, one in 50 failed: terminal, so the release engine leaves them alone, and
     * needing attention) and its bake's looks continued up to 500.
     */
    private static void seed(UUID id) throws SQLException {
        var db = fixture.database;
        try (var c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            var columns = new ArrayList<String>();
            try (var rs = c.getMetaData().getColumns(null, null, "releases", null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
            var copies = Map.of("id", "gen_random_uuid()",
                    "service", "'svc-' || lpad(g::text, 4, '0')",
                    "spec", "jsonb_set(r.spec, '{service}', to_jsonb('svc-' || lpad(g::text, 4, '0')))",
                    "state", "CASE WHEN g % 50 = 0 THEN 'failed' ELSE r.state END",
                    "created_at", "r.created_at - g * interval '1 minute'",
                    "idempotency_key", "NULL");
            String select = String.join(", ", columns.stream().map(col -> copies.getOrDefault(col, "r." + col)).toList());
            try (var st = c.prepareStatement("INSERT INTO releases (" + String.join(", ", columns) + ") SELECT " + select
                    + " FROM releases r, generate_series(1, ?) g WHERE r.id = ?")) {
                st.setInt(1, RELEASES - 1);
                st.setObject(2, id);
                assertThat(st.executeUpdate()).isEqualTo(RELEASES - 1);
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO release_analysis_looks (release_id, apply_no, look_no, stage_index, stage, at, verdict, explanation, metrics)
                    SELECT l.release_id, l.apply_no, g, l.stage_index, l.stage, l.at + (g - l.look_no) * interval '200 milliseconds',
                           l.verdict, l.explanation, l.metrics
                    FROM (SELECT * FROM release_analysis_looks WHERE release_id = ? ORDER BY apply_no DESC, look_no DESC LIMIT 1) l,
                         generate_series(l.look_no + 1, ? - 1) g""")) {
                st.setObject(1, id);
                st.setInt(2, LOOKS);
                st.executeUpdate();
            }
        }
    }

    /**
     * Loads {@code hash} afresh once to warm up (the service's first answers include class loading and JIT), then RUNS
     * times; per measured run the milliseconds from navigation start until {@code mark}, with where the time went.
     */
    private static List<Double> measure(String hash, String mark, String page) {
        var runs = new ArrayList<Double>();
        for (int i = 0; i <= RUNS; i++) {
            browser.load(hash);
            @SuppressWarnings("unchecked")
            var t = (Map<String, Object>) browser.waitFor(Duration.ofSeconds(20), d -> browser.script("""
                    const m = performance.getEntriesByName(arguments[0])[0];
                    if (!m) return null;
                    const n = performance.getEntriesByType('navigation')[0];
                    const api = performance.getEntriesByType('resource').filter(r => r.name.includes('/v1/'))
                        .map(r => new URL(r.name).pathname + ' ' + Math.round(r.duration) + ' ms');
                    return {rendered: m.startTime, domContentLoaded: n.domContentLoadedEventEnd, api: api.join(', ')};
                    """, mark));
            double rendered = ((Number) t.get("rendered")).doubleValue();
            System.out.printf("console page load: %s %s: data on screen %.0f ms after navigation start"
                            + " (DOMContentLoaded %.0f ms; API calls: %s)%n", page, i == 0 ? "warm-up" : "run " + i, rendered,
                    ((Number) t.get("domContentLoaded")).doubleValue(), t.get("api"));
            if (i > 0) {
                runs.add(rendered);
            }
        }
        return runs;
    }

    /** The median run: one slow run (another build took the CPU) does not decide, most runs must be fast. */
    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    @Test
    void the_releases_list_with_1000_releases_is_on_screen_within_a_second() {
        var runs = measure("#/releases", "tollgate:releases-rendered", "releases list (1,000 releases)");

        // Read in one script call. The first screen: every release needing attention (the 19 failed copies, however
        // old), then the rest of the newest 100 (one failed copy is among them).
        @SuppressWarnings("unchecked")
        var states = (List<String>) browser.script("return Array.from(document.querySelectorAll('.table-wrap tbody tr'), tr => tr.dataset.state)");
        assertThat(states.subList(0, 19)).containsOnly("failed");
        assertThat(states.subList(19, states.size())).hasSize(100 - 1).doesNotContain("failed");
        browser.screenshot("perf-releases-first-screen");
        assertThat(median(runs)).as("median of %s ms", runs).isLessThan(1000);

        // All 1,000: "Show older releases" until there is no more; each step is timed from the click to the rows on screen.
        while (browser.visible(By.cssSelector(".older button")) != null) {
            long rowsBefore = rows();
            long t0 = System.nanoTime();
            browser.driver().findElement(By.cssSelector(".older button")).click();
            browser.waitFor(Duration.ofSeconds(20), d -> rows() > rowsBefore ? true : null);
            System.out.printf("console page load: releases list grew to %d rows %.0f ms after the click%n", rows(), (System.nanoTime() - t0) / 1e6);
        }
        assertThat(rows()).isEqualTo(RELEASES);
        browser.screenshot("perf-releases-1000");
    }

    private static long rows() {
        return (Long) browser.script("return document.querySelectorAll('.table-wrap tbody tr').length");
    }

    @Test
    void a_release_with_500_analysis_looks_is_on_screen_within_a_second() {
        var runs = measure("#/releases/" + analysed, "tollgate:analysis-rendered", "release with 500 analysis looks");

        assertThat(browser.driver().findElement(By.cssSelector("figure.analysis")).getAttribute("data-looks")).isEqualTo(String.valueOf(LOOKS));
        String points = browser.driver().findElement(By.cssSelector("svg.evidence polyline.evalue")).getAttribute("points");
        assertThat(points.split(" ")).hasSize(LOOKS);
        browser.screenshot("perf-release-500-looks");
        assertThat(median(runs)).as("median of %s ms", runs).isLessThan(1000);
    }
}
