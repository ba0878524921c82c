/**
 * Isolation of JVM plugins (DESIGN §12): {@link dev.dhii.runtime.isolation.PluginClassLoader} draws the
 * class-loader boundary between a plugin and the runtime, and
 * {@link dev.dhii.runtime.isolation.ForbiddenApiScanner} checks a plugin's bytecode for calls its
 * manifest's {@code permissions} do not grant. Both are hygiene, not a wall against hostile code:
 * untrusted code runs as a {@code process} plugin, bounded by the OS.
 */
package dev.dhii.runtime.isolation;
