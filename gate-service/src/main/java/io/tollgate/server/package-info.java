/**
 * What keeps the HTTP listener serving under resource exhaustion: the connection cap derived from the file
 * descriptor limit ({@link io.tollgate.server.ConnectionLimit}), deadlines for a request's head and body reads
 * ({@link io.tollgate.server.RequestDeadlines}), and the watchdog that notices a listener that stopped accepting
 * ({@link io.tollgate.server.ListenerWatchdog}).
 */
package io.tollgate.server;
