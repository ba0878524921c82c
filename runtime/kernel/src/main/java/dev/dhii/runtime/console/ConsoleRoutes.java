package dev.dhii.runtime.console;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.cluster.ClusterNodes;
import dev.dhii.runtime.dispatch.CallError;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.http.HttpReplies;
import dev.dhii.runtime.http.RouteMount;
import dev.dhii.runtime.kernel.PluginRegistry;
import dev.dhii.runtime.telemetry.InstrumentedCalls;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The operator console at {@value #PATH} (static files from the class path, no external origin: a strict
 * Content-Security-Policy says so to the browser), the numbers it shows live ({@link StatsPublisher}) and,
 * when the configuration turns it on, the access log of every HTTP route ({@link AccessLog}).
 */
public final class ConsoleRoutes implements RouteMount {

  /** Where the console is served. */
  public static final String PATH = "/ui";
  /** What the console's pages may load and reach: this origin alone (its WebSocket included). */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);

  private final ConsoleAssets assets = new ConsoleAssets();
  private final LoggingOptions logging;
  private final AtomicBoolean publishing = new AtomicBoolean();
  private final LongSupplier subscribed;
  private final InstrumentedCalls calls;
  private final PluginRegistry registry;

  private ConsoleRoutes(InstrumentedCalls calls, PluginRegistry registry, LongSupplier subscribed, LoggingOptions logging) {
    this.calls = calls;
    this.registry = registry;
    this.subscribed = subscribed;
    this.logging = logging;
  }

  /**
   * Sets the process's log format as {@code logging} says and returns the console's routes.
   *
   * @param calls the call counters the live numbers come from
   * @param registry the local plugins
   * @param subscribed how many event topics the WebSocket connections hold together (numbers are published
   *                   only while it is above 0)
   * @param logging the {@code logging} block of the configuration
   * @return the routes, to add to the HTTP bridge's
   * @throws IllegalArgumentException for a bad {@code logging} block
   */
  public static ConsoleRoutes create(InstrumentedCalls calls, PluginRegistry registry, LongSupplier subscribed, JsonObject logging) {
    LoggingOptions options = LoggingOptions.fromJson(logging);
    LogFormat.apply(options.json());
    return new ConsoleRoutes(calls, registry, subscribed, options);
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    if (logging.accessLog()) {
      // before every other route, so that each request is logged whichever route answers it
      router.route().order(-1).handler(new AccessLog());
    }
    if (publishing.compareAndSet(false, true)) {
      new StatsPublisher(calls, registry, subscribed, ClusterNodes.self(vertx)).start(vertx);
    }
    // the router matches /ui and /ui/ alike: the page is served at /ui/ (its links are relative to it)
    router.get(PATH).handler(rc -> {
      if (rc.request().path().endsWith("/")) {
        serve(vertx, rc, ConsoleAssets.FILES.get(""));
      } else {
        rc.response().setStatusCode(302).putHeader("location", PATH + "/").end();
      }
    });
    for (Map.Entry<String, ConsoleAssets.Asset> file : ConsoleAssets.FILES.entrySet()) {
      if (!file.getKey().isEmpty()) {
        router.get(PATH + "/" + file.getKey()).handler(rc -> serve(vertx, rc, file.getValue()));
      }
    }
  }

  private void serve(Vertx vertx, RoutingContext rc, ConsoleAssets.Asset asset) {
    assets.get(vertx, asset).onComplete(ar -> {
      if (rc.response().ended()) {
        return;
      }
      if (ar.failed()) {
        LOG.error("console file {} could not be read: {}", asset.resource(), ar.cause().getMessage());
        HttpReplies.error(rc, new CallFailure(CallError.of(ErrorCode.INTERNAL, "The console is not available"), null, null, null));
        return;
      }
      rc.response().putHeader("content-type", asset.contentType())
        .putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("cache-control", "no-cache")
        .end(ar.result());
    });
  }
}
