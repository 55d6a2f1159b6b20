package io.tollgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.json.Json;
import io.tollgate.support.TestTollgate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in Debian's Chromium against a real Tollgate: sign-in, a release rolling back live on its page, a control
 * with a reason, overrides created, refused and revoked, and what a viewer sees and may do. Each page is saved as a
 * screenshot under target/console-screenshots.
 */
@Tag("live")
class ConsoleBrowserTest {
    private static ConsoleFixture fixture;
    private static Browser browser;

    @BeforeAll
    static void start() {
        fixture = new ConsoleFixture();
        browser = fixture.openBrowser();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @AfterEach
    void no_script_errors_or_policy_violations() {
        // A blocked inline script or style, or an exception in a module, is logged as SEVERE by Chromium.
        var problems = browser.severeLogs().stream().map(e -> e.getMessage())
                .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught")).toList();
        assertThat(problems).as("CSP violations and uncaught errors").isEmpty();
    }

    /** A fresh tab state: nothing in session storage, the sign-in form, then sign in with {@code token}. */
    private static void signInAs(String token) {
        browser.load("");
        browser.script("sessionStorage.clear()");
        browser.load("#/releases");
        browser.signIn(token);
    }

    /** The release state the page shows, read in one script call (the page re-renders every second). */
    private static String stateOnPage() {
        return (String) browser.script("const e = document.getElementById('release-state'); return e ? e.dataset.state : null;");
    }

    @Test
    void signs_in_with_a_token_kept_in_session_storage_only() {
        browser.load("");
        browser.script("sessionStorage.clear()");
        browser.load("#/releases");
        var token = browser.waitFor(d -> browser.visible(By.id("token")));
        browser.screenshot("sign-in");

        token.sendKeys("not-a-token", Keys.ENTER);
        var error = browser.waitFor(d -> {
            var e = browser.visible(By.id("sign-in-error"));
            return e != null && !e.getText().isBlank() ? e.getText() : null;
        });
        assertThat(error).isEqualTo("Unknown or revoked token.");
        assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);

        browser.signIn(TestTollgate.RELEASE_MANAGER_TOKEN);

        assertThat(browser.driver().findElement(By.id("who-name")).getText()).isEqualTo("release-manager-kim (release-manager)");
        assertThat(browser.script("return sessionStorage.getItem('tollgate.token')")).isEqualTo(TestTollgate.RELEASE_MANAGER_TOKEN);
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(TestTollgate.RELEASE_MANAGER_TOKEN);
        assertThat(browser.driver().manage().getCookies()).isEmpty();
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
        // A reload of the tab keeps the session; signing out forgets the token.
        browser.load("#/releases");
        browser.waitFor(d -> browser.visible(By.id("nav")));
        browser.driver().findElement(By.id("sign-out")).click();
        browser.waitFor(d -> browser.visible(By.id("token")));
        assertThat(browser.script("return sessionStorage.getItem('tollgate.token')")).isNull();
    }

    @Test
    void a_release_rolling_back_is_followed_live_on_its_page_with_the_analysis_chart() {
        fixture.series.perReading(1000, 20, 1000, 20); // canary as good as the baseline: the analysis stays inconclusive
        String id = fixture.start(ConsoleFixture.release("checkout", "60s", true));
        signInAs(TestTollgate.RELEASE_MANAGER_TOKEN);
        browser.load("#/releases/" + id);
        browser.waitFor(Duration.ofSeconds(20), d -> "baking".equals(stateOnPage())
                && browser.driver().findElements(By.cssSelector("figure.analysis")).stream()
                .anyMatch(f -> Integer.parseInt(f.getAttribute("data-looks")) >= 3) ? true : null);
        assertThat(browser.driver().findElement(By.cssSelector(".stages li.current")).getText()).startsWith("canary-1");
        assertThat(browser.driver().findElement(By.cssSelector(".stages li.current")).getAttribute("aria-current")).isEqualTo("step");
        browser.screenshot("release-baking");

        fixture.series.perReading(1000, 20, 1000, 60); // now three times the baseline's error ratio

        browser.waitFor(Duration.ofSeconds(30), d -> "rolled_back".equals(stateOnPage()) ? true : null);
        assertThat(browser.driver().findElement(By.id("release-reason")).getText()).startsWith("analysis_failed: canary error ratio");
        // The page followed by itself: the state change was announced, the timeline grew, the chart shows the failing look.
        browser.waitFor(d -> browser.driver().findElement(By.id("status")).getText().contains("rolled back") ? true : null);
        @SuppressWarnings("unchecked")
        var events = (List<String>) browser.script("return Array.from(document.querySelectorAll('.timeline li'), li => li.dataset.event)");
        assertThat(events).contains("analysis_verdict", "created");
        assertThat(browser.driver().findElements(By.cssSelector(".timeline li[data-kind=adapter]"))).isNotEmpty();
        browser.waitFor(d -> browser.driver().findElement(By.cssSelector("figure.analysis figcaption")).getText().contains(": fail") ? true : null);
        assertThat(browser.driver().findElements(By.cssSelector("svg.evidence polyline.evalue"))).hasSize(1);
        assertThat(browser.driver().findElements(By.cssSelector("svg.evidence line.threshold"))).hasSize(1);
        assertThat(browser.driver().findElements(By.cssSelector("svg.ratio polyline.canary"))).hasSize(1);
        assertThat(browser.driver().findElements(By.cssSelector("svg.ratio polyline.baseline"))).hasSize(1);
        assertThat(browser.driver().findElement(By.cssSelector("td.observed-weight")).getText()).isEqualTo("0%");
        assertThat(browser.driver().findElements(By.cssSelector(".controls button:not([disabled])"))).isEmpty();
        browser.screenshot("release-rolled-back");
    }

    @Test
    void a_control_asks_for_a_reason_and_the_reason_is_recorded_with_the_actor() {
        String id = fixture.start(ConsoleFixture.release("inventory", "120s", false));
        fixture.awaitState(id, "baking", Duration.ofSeconds(15));
        signInAs(TestTollgate.RELEASE_MANAGER_TOKEN);
        browser.load("#/releases/" + id);
        browser.waitFor(d -> "baking".equals(stateOnPage()) ? true : null);

        browser.driver().findElement(By.cssSelector(".controls button[data-action=pause]")).click();
        var reason = browser.waitFor(d -> browser.visible(By.id("reason-input")));
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(reason);
        reason.sendKeys("latency looks odd, checking the dashboards");
        browser.screenshot("release-control-reason");
        reason.sendKeys(Keys.ENTER);

        browser.waitFor(d -> "halted".equals(stateOnPage()) ? true : null);
        assertThat(browser.visible(By.id("reason-dialog"))).isNull();
        var history = fixture.get(id).path("history");
        var paused = java.util.stream.StreamSupport.stream(history.spliterator(), false)
                .filter(l -> l.toString().contains("latency looks odd, checking the dashboards")).toList();
        assertThat(paused).hasSize(1);
        assertThat(paused.get(0).path("actor").asText()).isEqualTo("release-manager-kim");
        // Halted needs attention: the list puts it first and marks it.
        browser.load("#/releases");
        var first = browser.waitFor(d -> browser.visible(By.cssSelector(".table-wrap tbody tr")));
        assertThat(first.getAttribute("data-id")).isEqualTo(id);
        assertThat(first.getAttribute("class")).isEqualTo("attention");
        assertThat(first.getText()).contains("halted");
        browser.screenshot("releases");
    }

    @Test
    void overrides_are_created_refused_with_the_policy_reasons_and_revoked_with_a_reason() {
        signInAs(TestTollgate.RELEASE_MANAGER_TOKEN);
        browser.load("#/overrides");
        browser.waitFor(d -> browser.visible(By.cssSelector("form.create")));
        assertThat(browser.driver().findElement(By.cssSelector(".rules")).getText()).contains("ticket").contains("24 hours").contains("emergency");

        // Refused: a loosening override in production without a ticket.
        fill("o-service", "checkout");
        fill("o-environment", "production");
        fill("o-suppress", "burn_rate_too_high");
        fill("o-reason", "incident fix going out");
        browser.driver().findElement(By.cssSelector("form.create button[type=submit]")).click();
        var refusal = browser.waitFor(d -> browser.visible(By.cssSelector("ul.refusal")));
        assertThat(refusal.getText()).contains("override_ticket_required");
        browser.screenshot("overrides-refused");

        // Created: a freeze of payments in staging, until revoked.
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("o-effect"))).selectByValue("freeze");
        fill("o-service", "payments");
        fill("o-environment", "staging");
        fill("o-suppress", "");
        fill("o-reason", "provider incident");
        fill("o-expires", "");
        browser.driver().findElement(By.cssSelector("form.create button[type=submit]")).click();
        var created = browser.waitFor(d -> browser.visible(By.cssSelector("form.create .result .ok"))).getText();
        String overrideId = created.replace("Created ", "").replace(".", "");
        var revoke = browser.waitFor(d -> browser.visible(By.cssSelector("button[data-revoke='" + overrideId + "']")));
        browser.screenshot("overrides");

        revoke.click();
        var reason = browser.waitFor(d -> browser.visible(By.id("reason-input")));
        reason.sendKeys("provider recovered");
        browser.driver().findElement(By.id("reason-ok")).click();
        browser.waitFor(d -> browser.driver().findElements(By.cssSelector("button[data-revoke='" + overrideId + "']")).isEmpty() ? true : null);
        var ended = browser.waitFor(d -> browser.visible(By.cssSelector("tr[data-id='" + overrideId + "']")));
        assertThat(ended.getText()).contains("revoked by release-manager-kim: provider recovered");
        var stored = fixture.tollgate.api().get("/v1/overrides/" + overrideId, TestTollgate.VIEWER_TOKEN).json();
        assertThat(stored.path("revokeReason").asText()).isEqualTo("provider recovered");
    }

    private static void fill(String id, String value) {
        WebElement el = browser.driver().findElement(By.id(id));
        el.clear();
        if (!value.isEmpty()) {
            el.sendKeys(value);
        }
    }

    @Test
    void a_viewer_sees_no_controls_and_a_forged_request_from_the_page_is_still_refused() {
        String id = fixture.start(ConsoleFixture.release("search", "120s", false));
        fixture.awaitState(id, "baking", Duration.ofSeconds(15));
        signInAs(TestTollgate.VIEWER_TOKEN);
        assertThat(browser.driver().findElement(By.id("who-name")).getText()).isEqualTo("sre-viewer (viewer)");
        browser.load("#/releases/" + id);
        browser.waitFor(d -> "baking".equals(stateOnPage()) ? true : null);
        assertThat(browser.driver().findElements(By.cssSelector(".controls"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("button[data-action]"))).isEmpty();
        browser.screenshot("release-as-viewer");
        browser.load("#/overrides");
        browser.waitFor(d -> browser.visible(By.cssSelector(".lists[data-loaded]")));
        assertThat(browser.driver().findElements(By.cssSelector("form.create"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("button[data-revoke]"))).isEmpty();

        // The page's own origin, the viewer's own token: the API refuses what the page did not offer.
        @SuppressWarnings("unchecked")
        var answer = (List<Object>) browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/v1/releases/' + arguments[0] + '/pause', {method: 'POST',
                    headers: {'Authorization': 'Bearer ' + sessionStorage.getItem('tollgate.token'), 'Content-Type': 'application/json'},
                    body: JSON.stringify({reason: 'forged from the page'})})
                  .then(r => r.json().then(b => done([r.status, b.code]))).catch(e => done(['error', String(e)]));
                """, id);
        assertThat(answer).containsExactly(403L, "forbidden");
        assertThat(fixture.get(id).path("state").asText()).isEqualTo("baking");
        assertThat(fixture.get(id).path("history").toString()).doesNotContain("forged from the page");
    }

    @Test
    void a_release_plan_is_shown_as_its_dependency_graph_and_followed_until_it_completes() {
        var plan = Json.mapper().createObjectNode().put("name", "stock-then-pay").put("environment", "production");
        var releases = plan.putArray("releases");
        releases.add(entry("stock"));
        var ledger = entry("ledger");
        ledger.putArray("dependsOn").add("stock");
        releases.add(ledger);
        var created = fixture.tollgate.api().post("/v1/release-plans", TestTollgate.CI_TOKEN, plan.toString(),
                Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        signInAs(TestTollgate.RELEASE_MANAGER_TOKEN);

        browser.load("#/plans/" + id);
        browser.waitFor(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector("svg.plan-graph g.node")).size() == 2 ? true : null);
        assertThat(browser.driver().findElements(By.cssSelector("svg.plan-graph line.edge"))).hasSize(1);
        // While the plan runs, a release manager has its controls; ledger waits for stock.
        assertThat(browser.driver().findElements(By.cssSelector(".controls button[data-action]"))).extracting(e -> e.getAttribute("data-action"))
                .containsExactly("pause", "resume", "abort", "rollback");
        assertThat(nodeState("ledger")).isIn("waiting", "starting");
        browser.screenshot("plan-running");

        // The open page follows the plan by itself until both releases are promoted in order.
        browser.waitFor(Duration.ofSeconds(60), d -> "completed".equals(browser.script(
                "const e = document.getElementById('plan-state'); return e ? e.dataset.state : null;")) ? true : null);
        browser.waitFor(d -> "promoted".equals(nodeState("stock")) && "promoted".equals(nodeState("ledger")) ? true : null);
        assertThat(browser.driver().findElements(By.cssSelector(".controls button[data-action]"))).isEmpty();
        var started = fixture.tollgate.api().get("/v1/release-plans/" + id, TestTollgate.VIEWER_TOKEN).json().path("releases");
        assertThat(Instant.parse(started.get(1).path("startedAt").asText())).isAfterOrEqualTo(Instant.parse(started.get(0).path("endedAt").asText()));
        browser.screenshot("plan-completed");

        browser.load("#/plans");
        var row = browser.waitFor(d -> browser.visible(By.cssSelector("tr[data-plan='" + id + "']")));
        assertThat(row.getAttribute("data-state")).isEqualTo("completed");
        browser.screenshot("plans");
    }

    /** A plan entry: the fixture's release of {@code service} (bakes of 2 s, no analysis), keyed by its service. */
    private static ObjectNode entry(String service) {
        var release = ConsoleFixture.release(service, "2s", false).put("key", service);
        release.remove("environment"); // the plan's environment applies to all its releases
        return release;
    }

    /** The state an entry's node in the plan graph shows (its class state-…). */
    private static String nodeState(String key) {
        return (String) browser.script("const g = document.querySelector(`svg.plan-graph g.node[data-key='${arguments[0]}']`);"
                + " if (!g) return null; const c = Array.from(g.classList).find(x => x.startsWith('state-')); return c ? c.slice(6) : null;", key);
    }

    @Test
    void every_page_renders_and_is_kept_as_a_screenshot() {
        String id = fixture.start(ConsoleFixture.release("catalog", "120s", false));
        fixture.awaitState(id, "baking", Duration.ofSeconds(15));
        signInAs(TestTollgate.ADMIN_TOKEN);
        for (var page : List.of("releases", "overrides", "decisions", "slos", "plans", "delivery")) {
            browser.load("#/" + page);
            browser.waitFor(d -> d.findElements(By.cssSelector("#view[data-loaded='true'], #view [data-loaded='true']")).isEmpty() ? null : true);
            assertThat(browser.driver().findElement(By.cssSelector("nav a[aria-current=page]")).getAttribute("data-section")).isEqualTo(page);
            if (page.equals("decisions")) {
                browser.waitFor(d -> browser.visible(By.id("audit-status")));
            }
            browser.screenshot("page-" + page);
        }
        browser.load("#/decisions");
        var link = browser.waitFor(d -> browser.visible(By.cssSelector(".table-wrap tbody tr a")));
        var audit = browser.waitFor(d -> browser.visible(By.id("audit-status")));
        assertThat(audit.getText()).startsWith("Intact:");
        link.click();
        browser.waitFor(d -> browser.visible(By.id("decision-input")));
        assertThat(browser.driver().findElement(By.id("decision-revision")).getText()).startsWith("sha256:");
        assertThat(browser.driver().findElement(By.id("decision-audit")).getText()).startsWith("seq ");
        assertThat(browser.driver().findElement(By.id("decision-input")).getText()).contains("\"now\"");
        browser.screenshot("page-decision");
        browser.load("#/releases/" + id);
        browser.waitFor(d -> "baking".equals(stateOnPage()) ? true : null);
        browser.screenshot("page-release");
    }
}
