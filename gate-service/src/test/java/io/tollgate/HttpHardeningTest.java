package io.tollgate;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.ADMIN_TOKEN;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.support.RawHttp;
import io.tollgate.support.TestTollgate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Hostile and odd HTTP input (found by fuzzing the OpenAPI spec): always a JSON 4xx, never a 5xx or a hang. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpHardeningTest {
    private TestTollgate tollgate;

    @BeforeAll
    void start() {
        tollgate = TestTollgate.builder().freshDatabase("hardening").readTimeout(Duration.ofSeconds(1)).start();
    }

    @AfterAll
    void stop() {
        tollgate.close();
    }

    @Test
    void unknown_paths_and_methods_get_a_json_404_not_a_500() {
        var unknown = tollgate.api().get("/v1/nope", null);
        var wrongMethod = tollgate.api().get("/v1/gates/check", CI_TOKEN);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("not_found");
        assertThat(wrongMethod.status()).isEqualTo(404);
        assertThat(wrongMethod.json().get("message").asText()).contains("GET /v1/gates/check");
    }

    @Test
    void text_the_audit_log_cannot_store_unchanged_is_a_400_naming_the_field_not_an_outage() {
        var nul = tollgate.api().check(CI_TOKEN, aCheck().toString().replace("\"dana\"", "\"d\\u0000x\""));
        var surrogate = tollgate.api().check(CI_TOKEN, aCheck().toString().replace("\"build-812\"", "\"b\\ud800x\""));

        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().get("field").asText()).isEqualTo("change.author");
        assertThat(nul.json().get("message").asText()).contains("NUL");
        assertThat(surrogate.status()).isEqualTo(400);
        assertThat(surrogate.json().get("field").asText()).isEqualTo("change.pipeline");
        assertThat(tollgate.api().get("/metrics", null).text()).contains("tollgate_audit_append_failures_total 0.0");
    }

    @Test
    void deeply_nested_json_is_refused_without_naming_parser_internals() {
        var answer = tollgate.api().check(CI_TOKEN, "[".repeat(10_000));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo("invalid_json");
        assertThat(answer.json().get("message").asText()).doesNotContain("StreamReadConstraints").doesNotContain("`");
    }

    @Test
    void requires_utf8_json_content() {
        var none = tollgate.api().post("/v1/gates/check", CI_TOKEN, aCheck().toString(), Map.of());
        var latin1 = tollgate.api().post("/v1/gates/check", CI_TOKEN, aCheck().toString(),
                Map.of("Content-Type", "application/json; charset=latin1"));
        var utf8 = tollgate.api().post("/v1/gates/check", CI_TOKEN, aCheck().toString(),
                Map.of("Content-Type", "application/json; charset=UTF-8"));

        assertThat(none.status()).isEqualTo(415);
        assertThat(latin1.status()).isEqualTo(415);
        assertThat(latin1.json().get("message").asText()).contains("latin1");
        assertThat(utf8.status()).isEqualTo(200);
    }

    @Test
    void list_filters_that_the_database_would_choke_on_are_400s() {
        var nulService = tollgate.api().get("/v1/decisions?service=%00", ADMIN_TOKEN);
        var ancient = tollgate.api().get("/v1/decisions?since=-999999999-01-01T00:00:00Z", ADMIN_TOKEN);
        var twice = tollgate.api().get("/v1/decisions?limit=1&limit=3", ADMIN_TOKEN);

        assertThat(nulService.status()).isEqualTo(400);
        assertThat(nulService.json().get("field").asText()).isEqualTo("service");
        assertThat(ancient.status()).isEqualTo(400);
        assertThat(ancient.json().get("field").asText()).isEqualTo("since");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("field").asText()).isEqualTo("limit");
    }

    @Test
    void a_10_MB_body_is_refused_with_the_json_413_before_it_is_read() {
        var answer = tollgate.api().check(CI_TOKEN, "{\"service\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void errors_raised_before_routing_also_have_the_json_error_body() {
        var longUri = tollgate.api().get("/v1/decisions?cursor=" + "A".repeat(100_000), ADMIN_TOKEN);

        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.json().get("code").asText()).isEqualTo("uri_too_long");
        assertThat(longUri.json().has("message")).isTrue();
    }

    @Test
    void malformed_chunked_framing_is_a_400_not_an_incident() throws IOException {
        var url = URI.create(tollgate.baseUrl());
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/gates/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + CI_TOKEN
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();

            assertThat(statusLine).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void head_requests_get_no_body_and_media_types_are_case_insensitive() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var head = http.send(java.net.http.HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/nope"))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        var upper = tollgate.api().post("/v1/gates/check", CI_TOKEN, aCheck().toString(), Map.of("Content-Type", "APPLICATION/JSON"));
        var nbspAuthor = tollgate.api().check(CI_TOKEN, aCheck().author("\u00a0").json());

        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
        assertThat(upper.status()).isEqualTo(200);
        assertThat(nbspAuthor.status()).isEqualTo(400);
        assertThat(nbspAuthor.json().get("field").asText()).isEqualTo("change.author");
    }

    @Test
    void an_idle_connection_is_closed_after_the_read_timeout() throws IOException {
        var url = URI.create(tollgate.baseUrl());
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), url.getPort())) {
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();

            drain(socket.getInputStream());

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void a_client_that_half_closes_mid_headers_gets_a_json_400_and_no_incident_is_logged() throws IOException {
        try (var logs = new RawHttp.LogCapture()) {
            var midLine = RawHttp.exchange(port(), "GET /v1/decisions HTTP/1.1\r\nHost: x\r\nAuthoriz", true);
            var beforeBlankLine = RawHttp.exchange(port(), "GET /v1/decisions HTTP/1.1\r\nHost: x\r\n", true);
            var midRequestLine = RawHttp.exchange(port(), "GET /v1/deci", true);

            for (var answer : List.of(midLine, beforeBlankLine)) {
                assertThat(answer.status()).as(answer.head()).isEqualTo(400);
                assertThat(answer.json().get("code").asText()).isEqualTo("bad_request");
                assertThat(answer.json().get("message").asText()).contains("headers");
            }
            assertThat(midRequestLine.statusLine()).as("closed without an answer").isNull();
            assertThat(logs.lines()).isEmpty();
        }
    }

    @Test
    void a_client_that_half_closes_mid_body_gets_a_4xx_and_no_incident_is_logged() throws IOException {
        String head = "POST /v1/gates/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n";
        try (var logs = new RawHttp.LogCapture()) {
            var read = RawHttp.exchange(port(), head + "Authorization: Bearer " + CI_TOKEN + "\r\n\r\n{\"service\":", true);
            var unread = RawHttp.exchange(port(), head + "\r\n{\"service\":", true);

            assertThat(read.status()).as(read.head()).isEqualTo(400);
            assertThat(read.json().get("code").asText()).isEqualTo("invalid_body");
            assertThat(unread.status()).as(unread.head()).isEqualTo(401);
            assertThat(logs.lines()).isEmpty();
        }
    }

    @Test
    void http_1_0_is_refused_with_the_documented_json_505() throws IOException {
        var answer = RawHttp.exchange(port(), "GET /health/live HTTP/1.0\r\n\r\n", false);

        assertThat(answer.status()).isEqualTo(505);
        assertThat(answer.head()).containsIgnoringCase("content-type: application/json");
        assertThat(answer.json().get("code").asText()).isEqualTo("http_version_not_supported");
        assertThat(answer.json().get("message").asText()).contains("HTTP/1.1");
        assertThat(answer.json().has("field")).isTrue();
    }

    @Test
    void headers_over_16_KiB_get_the_json_431_and_malformed_ones_stay_400() throws IOException {
        var oneHuge = RawHttp.exchange(port(), "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", false);
        var manySmall = RawHttp.exchange(port(), "GET /health/live HTTP/1.1\r\nHost: x\r\n"
                + "X-Pad: %s\r\n".formatted("b".repeat(500)).repeat(40) + "\r\n", false);
        var hugeName = RawHttp.exchange(port(), "GET /health/live HTTP/1.1\r\nHost: x\r\n" + "X".repeat(20_000) + ": 1\r\n\r\n", false);
        var noColon = RawHttp.exchange(port(), "GET /health/live HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", false);
        var justUnder = RawHttp.exchange(port(), "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                + "c".repeat(15_000) + "\r\n\r\n", false);

        for (var answer : List.of(oneHuge, manySmall, hugeName)) {
            assertThat(answer.status()).as(answer.head()).isEqualTo(431);
            assertThat(answer.json().get("code").asText()).isEqualTo("headers_too_large");
            assertThat(answer.json().get("message").asText()).contains("16384");
        }
        assertThat(noColon.status()).isEqualTo(400);
        assertThat(noColon.json().get("code").asText()).isEqualTo("bad_request");
        assertThat(justUnder.status()).isEqualTo(200);
    }

    @Test
    void dry_run_in_the_query_is_refused_and_records_nothing() {
        var check = aCheck().service("query-dry-run").toString();

        var answer = tollgate.api().post("/v1/gates/check?dryRun=true", CI_TOKEN, check, Map.of("Content-Type", "application/json"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo("unknown_field");
        assertThat(answer.json().get("field").asText()).isEqualTo("dryRun");
        assertThat(answer.json().get("message").asText()).contains("JSON body");
        assertThat(tollgate.api().get("/v1/decisions?service=query-dry-run", ADMIN_TOKEN).json().get("items")).isEmpty();
    }

    private int port() {
        return URI.create(tollgate.baseUrl()).getPort();
    }

    /** Reads until the server closes the connection (SO_TIMEOUT fails the test if it never does). */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
            // discard whatever the server sends before closing
        }
    }
}
