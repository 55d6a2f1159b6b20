/**
 * The {@code tollgate} command line: gate checks whose exit code a CI job can branch on (0 allow, 1 deny,
 * 2 hold, 3 usage or connection error), releases, decisions, audit verification, overrides and policy
 * replay, all over Tollgate's HTTP API with {@link java.net.http.HttpClient} and Jackson.
 *
 * <p>{@link io.tollgate.cli.TollgateCli} is the root command; every subcommand extends
 * {@link io.tollgate.cli.CliCommand}, which turns a {@link io.tollgate.cli.CliFailure} into one line on
 * stderr and its exit code. The token is read from {@code TOLLGATE_TOKEN}, {@code --token-file} or
 * {@code --token} and is never printed.
 */
package io.tollgate.cli;
