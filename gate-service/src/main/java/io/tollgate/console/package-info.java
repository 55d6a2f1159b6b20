/**
 * The release manager's console: static HTML, ES modules and CSS from the class path ({@code io/tollgate/console/ui}),
 * served under {@code /ui/} with a strict Content-Security-Policy. The pages call the JSON API with the signed-in
 * token; they hold no permissions of their own.
 */
package io.tollgate.console;
