package dev.dhii.runtime.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * Routes of another area served by the HTTP bridge beside its own (the bridge's connection and body
 * bounds apply to them as to every route). {@link #mount} runs once per HTTP verticle instance, on that
 * instance's event loop.
 */
@FunctionalInterface
public interface RouteMount {

  /**
   * @param vertx the Vert.x instance
   * @param router the instance's router, with the connection guard and body reader already in front
   */
  void mount(Vertx vertx, Router router);
}
