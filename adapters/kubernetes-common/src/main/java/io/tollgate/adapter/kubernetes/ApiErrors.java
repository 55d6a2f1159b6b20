package io.tollgate.adapter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tollgate.adapter.AdapterResult;
import io.tollgate.adapter.Observation;

/**
 * API errors mapped once to adapter answers. No answer (refused, timed out), 5xx, 408 and 429 are worth another try;
 * 401, 403 and other 4xx are not: the token or the request has to change. Observations of a provider that answered
 * with an error are {@link Observation.CannotVerify}; no answer or 5xx is {@link Observation.Unreachable}.
 */
public final class ApiErrors {
    private ApiErrors() {
    }

    /** HTTP status of {@code e}, 0 when the API server did not answer (fabric8 says -1 or 0). */
    public static int status(KubernetesClientException e) {
        return Math.max(0, e.getCode());
    }

    /** True for no answer (0), 5xx, 408 and 429. */
    public static boolean retryable(int status) {
        return status == 0 || status >= 500 || status == 408 || status == 429;
    }

    /** {@code apply}/{@code reset} failed while doing {@code what} (e.g. "patch httproute shop/web"). */
    public static AdapterResult.Failed failed(String what, KubernetesClientException e) {
        return new AdapterResult.Failed(what + ": " + describe(e), retryable(status(e)));
    }

    /** {@code observe} failed while doing {@code what}. */
    public static Observation observation(String what, KubernetesClientException e) {
        int status = status(e);
        String reason = what + ": " + describe(e);
        return retryable(status) ? new Observation.Unreachable(reason) : new Observation.CannotVerify(reason);
    }

    /** One line: the status and the API server's message, or the transport error when it did not answer. */
    public static String describe(KubernetesClientException e) {
        int status = status(e);
        if (status == 0) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "API server did not answer (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        String hint = switch (status) {
            case 401 -> " (token rejected)";
            case 403 -> " (forbidden: the Role must allow get and patch on this resource)";
            default -> "";
        };
        return "HTTP " + status + hint + ": " + oneLine(message);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
