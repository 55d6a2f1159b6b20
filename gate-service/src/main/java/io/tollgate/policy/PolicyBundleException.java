package io.tollgate.policy;

/** A policy bundle that is missing or cannot be used; the message names the file. */
public class PolicyBundleException extends RuntimeException {
    public PolicyBundleException(String message) {
        super(message);
    }

    public PolicyBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
