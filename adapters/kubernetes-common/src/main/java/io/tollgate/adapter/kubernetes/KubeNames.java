package io.tollgate.adapter.kubernetes;

import java.util.regex.Pattern;

/** Kubernetes name rules, checked before a name goes into a request path or a patch. */
public final class KubeNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private KubeNames() {
    }

    /** RFC 1123 label: namespaces, Services. */
    public static boolean isDnsLabel(String s) {
        return s != null && DNS_LABEL.matcher(s).matches();
    }

    /** RFC 1123 subdomain: most object names (HTTPRoute, VirtualService), rule names. */
    public static boolean isDnsSubdomain(String s) {
        return s != null && DNS_SUBDOMAIN.matcher(s).matches();
    }
}
