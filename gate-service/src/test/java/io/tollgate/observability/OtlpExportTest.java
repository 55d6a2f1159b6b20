package io.tollgate.observability;

import static io.tollgate.support.Requests.aCheck;
import static io.tollgate.support.TestTollgate.CI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tollgate.support.TestTollgate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** With an OTLP endpoint configured, the check's spans leave the process as OTLP/HTTP protobuf. */
class OtlpExportTest {

    @Test
    void exports_the_checks_spans_to_the_configured_otlp_http_endpoint() throws IOException {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            bodies.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String traceId;
        try {
            var endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
            try (var tollgate = TestTollgate.builder().freshDatabase("otlp").otlpEndpoint(endpoint).start()) {
                traceId = tollgate.api().check(CI_TOKEN, aCheck().json()).json().get("traceId").asText();
            } // closing flushes the batch processor
        } finally {
            collector.stop(0);
        }

        assertThat(contentTypes).isNotEmpty().allSatisfy(ct -> assertThat(ct).isEqualTo("application/x-protobuf"));
        var all = new ByteArrayOutputStream();
        bodies.forEach(all::writeBytes);
        // OTLP protobuf carries trace ids as 16 raw bytes; the check's id must be among them.
        assertThat(indexOf(all.toByteArray(), HexFormat.of().parseHex(traceId))).isNotNegative();
        assertThat(new String(all.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("gate.check").contains("policy.evaluate").contains("audit.append");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
