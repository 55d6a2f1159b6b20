/**
 * Tests of what is deployed: the Helm chart rendered and linted by a real {@code helm} ({@link Helm}), its objects read
 * back ({@link Rendered}), and the image Jib builds ({@code -Pimage}) inspected and run.
 */
package io.tollgate.deploy;
