package dev.dhii.runtime;

import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Creates the Vert.x instance the runtime runs on, from the runtime's options. */
public final class VertxFactory {

  private VertxFactory() {
  }

  /**
   * @param options the runtime's options
   * @param clustered whether to join the cluster ({@code serve --cluster})
   * @return the Vert.x instance
   */
  public static Future<Vertx> create(RuntimeOptions options, boolean clustered) {
    VertxOptions vertxOptions = new VertxOptions();
    if (clustered) {
      return Future.failedFuture(new IllegalStateException("Clustering is not available in this build"));
    }
    return Future.succeededFuture(Vertx.vertx(vertxOptions));
  }
}
