package io.tollgate.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tollgate.auth.Principal;
import io.tollgate.auth.Role.Permission;
import io.tollgate.delivery.DeliveryService;
import io.tollgate.delivery.DeliveryWindow;
import java.util.LinkedHashMap;
import java.util.Set;

/** {@code /v1/delivery-metrics}: DORA's five metrics per service and environment over a window ending now. */
public final class DeliveryMetricsHttpService implements SecureService {
    private static final Set<String> PARAMS = Set.of("service", "environment", "window");
    private final DeliveryService delivery;

    public DeliveryMetricsHttpService(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void routing(SecureRules rules) {
        rules.get("/", Permission.READ_RELEASES, PARAMS, this::metrics);
    }

    private void metrics(ServerRequest req, ServerResponse res, Principal caller, QueryParams q) {
        String service = name(q, "service");
        String environment = name(q, "environment");
        DeliveryWindow window = window(q.text("window"));
        var items = delivery.metrics(service, environment, window);
        var body = new LinkedHashMap<String, Object>();
        body.put("window", window.text());
        body.put("items", items.stream().map(m -> DeliveryMetricsJson.of(m, window)).toList());
        HttpIo.send(res, Status.OK_200, body);
    }

    private static DeliveryWindow window(String text) {
        if (text == null) {
            return DeliveryWindow.THIRTY_DAYS;
        }
        try {
            return DeliveryWindow.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_value", "window", e.getMessage());
        }
    }

    private static String name(QueryParams q, String key) {
        String value = q.text(key);
        if (value != null && !TextRules.NAME.matcher(value).matches()) {
            throw ApiException.badRequest("invalid_value", key,
                    "must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }
}
