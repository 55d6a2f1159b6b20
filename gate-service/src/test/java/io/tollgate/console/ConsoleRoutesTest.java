package io.tollgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.TestTollgate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's files under /ui/ with their security headers, the rules the files keep so that policy can be strict
 * (no inline script or style, no markup built from strings), and {@code GET /v1/whoami} for every role.
 * The console in a browser: the console module's tests.
 */
class ConsoleRoutesTest {
    private static final Path UI = Path.of("src/main/resources", ConsoleRoutes.RESOURCES);
    private static TestTollgate tollgate;

    @BeforeAll
    static void start() {
        tollgate = TestTollgate.builder().freshDatabase("console_routes").start();
    }

    @AfterAll
    static void stop() {
        tollgate.close();
    }

    @Test
    void the_console_is_served_without_a_token_with_a_strict_content_security_policy() {
        var page = tollgate.api().get("/ui/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(ConsoleRoutes.CONTENT_SECURITY_POLICY)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");

        var module = tollgate.api().get("/ui/js/app.js", null);
        assertThat(module.status()).isEqualTo(200);
        // A module script with another type is refused by browsers (and by nosniff).
        assertThat(module.header("Content-Type")).matches("(text|application)/javascript.*");
        assertThat(module.header("Content-Security-Policy")).isEqualTo(ConsoleRoutes.CONTENT_SECURITY_POLICY);
        assertThat(tollgate.api().get("/ui/console.css", null).header("Content-Type")).startsWith("text/css");

        var bare = tollgate.api().get("/ui", null);
        assertThat(bare.status()).isEqualTo(301);
        assertThat(bare.header("Location")).isEqualTo("/ui/");
        assertThat(tollgate.api().get("/ui/js/missing.js", null).status()).isEqualTo(404);
    }

    @Test
    void the_files_have_no_inline_script_or_style_and_build_no_markup_from_strings() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(UI)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> UI.relativize(p).toString()).contains("index.html", "console.css", "js/app.js");
        var inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        for (Path f : files) {
            // No third-party asset: no absolute URL but the SVG namespace (a name, never fetched).
            String text = Files.readString(f).replace("http://www.w3.org/2000/svg", "");
            assertThat(inlineScript.matcher(text).find()).as("inline <script> in %s", f).isFalse();
            assertThat(text).as(f.toString()).doesNotContainIgnoringCase("<style").doesNotContain(" style=\"")
                    .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                    .doesNotContain("eval(").doesNotContain("new Function").doesNotContain("setAttribute('style'")
                    .doesNotContain("localStorage.set").doesNotContain("document.cookie").doesNotContain("http://").doesNotContain("https://");
        }
    }

    @Test
    void whoami_tells_every_role_who_it_is_and_what_it_may_do() {
        var manager = tollgate.api().get("/v1/whoami", TestTollgate.RELEASE_MANAGER_TOKEN);
        assertThat(manager.status()).isEqualTo(200);
        assertThat(manager.json().path("subject").asText()).isEqualTo("release-manager-kim");
        assertThat(manager.json().path("roles").toString()).isEqualTo("[\"release-manager\"]");
        assertThat(manager.json().path("permissions").toString()).contains("\"CONTROL_RELEASES\"", "\"OVERRIDE\"", "\"READ_IDENTITY\"")
                .doesNotContain("REPLAY_POLICY");

        var viewer = tollgate.api().get("/v1/whoami", TestTollgate.VIEWER_TOKEN).json();
        assertThat(viewer.path("roles").toString()).isEqualTo("[\"viewer\"]");
        assertThat(viewer.path("permissions").toString()).contains("READ_RELEASES").doesNotContain("CONTROL_RELEASES").doesNotContain("\"OVERRIDE\"");
        assertThat(tollgate.api().get("/v1/whoami", TestTollgate.CI_TOKEN).json().path("subject").asText()).isEqualTo("ci-pipeline");
        assertThat(tollgate.api().get("/v1/whoami", TestTollgate.ADMIN_TOKEN).json().path("permissions").toString()).contains("REPLAY_POLICY");

        var anonymous = tollgate.api().get("/v1/whoami", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("code").asText()).isEqualTo("unauthenticated");
        assertThat(tollgate.api().get("/v1/whoami", "not-a-token").status()).isEqualTo(401);
    }
}
