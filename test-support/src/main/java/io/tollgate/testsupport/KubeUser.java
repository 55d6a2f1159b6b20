package io.tollgate.testsupport;

/** A user of the test control plane's static token file: its name (the RBAC subject, kind User) and bearer token. */
public record KubeUser(String name, String token) {
    @Override
    public String toString() {
        return "KubeUser[" + name + "]";
    }
}
