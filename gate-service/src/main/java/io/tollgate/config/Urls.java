package io.tollgate.config;

import java.net.URI;

/** The one check every URL setting shares. */
final class Urls {
    private Urls() {
    }

    /** @throws ConfigException naming {@code key} unless {@code url} is an absolute http(s) URL with a host */
    static URI requireHttp(String key, URI url) {
        String scheme = url.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null || url.getHost().isBlank()) {
            throw new ConfigException(key, "must be an absolute http(s) URL such as http://127.0.0.1:8181, got \"" + url + "\"");
        }
        return url;
    }
}
