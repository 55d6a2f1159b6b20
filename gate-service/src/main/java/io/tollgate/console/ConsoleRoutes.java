package io.tollgate.console;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.StaticContentService;

/**
 * Serves the console under {@code /ui/}. The files are public (they hold no data: everything shown comes from the
 * token-protected API), so these routes need no token; every answer carries headers that keep the pages from running
 * anything but their own scripts, from being framed, and from leaking the address they were opened at.
 */
public final class ConsoleRoutes {
    /** Where the files are on the class path. */
    static final String RESOURCES = "io/tollgate/console/ui";
    /**
     * Only this origin's scripts, styles and API; no inline script or style (the pages build SVG with attributes, never
     * style), no plugins, no base-tag or form redirection, no framing.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private ConsoleRoutes() {
    }

    /** Adds the security headers to every {@code /ui} answer, then the static files (index.html for {@code /ui/}). */
    public static void register(HttpRouting.Builder routing) {
        routing.any("/ui", (req, res) -> {
            // A bare /ui: the relative module and style paths of index.html resolve only under /ui/.
            res.status(io.helidon.http.Status.MOVED_PERMANENTLY_301).header(HeaderNames.LOCATION, "/ui/").send();
        });
        routing.any("/ui/*", (req, res) -> {
            res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
            res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
            res.header(HeaderNames.create("X-Frame-Options"), "DENY");
            res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.next();
        });
        routing.register("/ui", StaticContentService.builder(RESOURCES).welcomeFileName("index.html").build());
    }
}
