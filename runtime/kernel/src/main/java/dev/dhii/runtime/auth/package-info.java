/**
 * Bearer token authentication (design §8, §12): {@link dev.dhii.runtime.config.JwtOptions} ({@code auth.jwt}
 * of conf/runtime.json), the {@link dev.dhii.runtime.auth.JwtAuthenticator} the dispatcher and the bridges
 * use, chosen at boot by {@link dev.dhii.runtime.auth.Authenticators}, and the
 * {@link dev.dhii.runtime.auth.TokenIssuer} of {@code dhii token}. The guard of the admin routes, an HTTP
 * handler, is {@code http.AdminGuard}.
 * <p>
 * Tokens are checked with vertx-auth-jwt (signature, with the one configured algorithm); the claims are
 * checked here so that each refusal says why. Every refusal is a
 * {@link dev.dhii.api.PluginException} AUTHENTICATION (401).
 */
package dev.dhii.runtime.auth;
