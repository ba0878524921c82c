package dev.dhii.runtime.openapi;

import dev.dhii.runtime.auth.Disclosure;
import dev.dhii.runtime.cluster.ClusterView;
import dev.dhii.runtime.dispatch.Authenticator;
import dev.dhii.runtime.http.RouteMount;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * {@code GET /openapi.json}, generated on each request from the capability listing (so a deploy, redeploy,
 * enable or disable shows at once), under the listings' disclosure rule ({@link Disclosure}); and
 * {@code GET /docs}, a swagger-ui page on that document whose every asset comes from the swagger-ui webjar on
 * the class path ({@code /docs/assets/*}): nothing is fetched from another site, and the online validator is off.
 */
public final class OpenApiRoutes implements RouteMount {

  /** The document's route. */
  public static final String DOCUMENT = "/openapi.json";
  /** The page's route. */
  public static final String DOCS = "/docs";
  static final String ASSETS = DOCS + "/assets/";
  static final String SCRIPT = DOCS + "/dhii-docs.js";

  private final ClusterView view;
  private final Authenticator authenticator;

  /**
   * @param view the capability listing (cluster-wide when clustered)
   * @param authenticator checks the bearer tokens that decide what a listing discloses
   */
  public OpenApiRoutes(ClusterView view, Authenticator authenticator) {
    this.view = view;
    this.authenticator = authenticator;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(DOCUMENT).handler(this::document);
    router.get(DOCS).handler(rc -> send(rc, "text/html; charset=utf-8", DocsPage.HTML));
    router.get(SCRIPT).handler(rc -> send(rc, "text/javascript; charset=utf-8", DocsPage.SCRIPT));
    if (DocsPage.WEBROOT != null) {
      // only the files the page loads: not the webjar's own index page, which points at a remote sample document
      router.get(ASSETS + "*").handler(rc -> {
        if (DocsPage.ASSETS.contains(rc.request().path().substring(ASSETS.length()))) {
          rc.next();
        } else {
          rc.fail(404);
        }
      }).handler(StaticHandler.create(DocsPage.WEBROOT).setDirectoryListing(false).setMaxAgeSeconds(86_400));
    }
  }

  private void document(RoutingContext rc) {
    view.capabilities()
      .compose(listing -> Disclosure.full(authenticator, rc.request().getHeader("authorization"))
        .map(full -> full ? listing : Disclosure.anonymous(listing)))
      .onComplete(ar -> {
        if (rc.response().ended() || rc.response().closed()) {
          return;
        }
        if (ar.succeeded()) {
          JsonObject document = OpenApiDocument.build(ar.result());
          rc.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-cache")
            .end(document.toBuffer());
        } else {
          rc.fail(ar.cause()); // logged once, by the server's 500 handler
        }
      });
  }

  private static void send(RoutingContext rc, String contentType, Buffer body) {
    rc.response().putHeader("content-type", contentType).putHeader("cache-control", "no-cache").end(body);
  }
}
