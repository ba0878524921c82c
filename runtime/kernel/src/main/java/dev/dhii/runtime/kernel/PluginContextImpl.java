package dev.dhii.runtime.kernel;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.ExecutionContext;
import dev.dhii.api.PluginContext;
import dev.dhii.api.PluginTelemetry;
import dev.dhii.runtime.dispatch.CallFailure;
import dev.dhii.runtime.dispatch.CallRequest;
import dev.dhii.runtime.dispatch.CallResult;
import dev.dhii.runtime.dispatch.Dispatcher;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@link PluginContext} the kernel gives a plugin generation. */
final class PluginContextImpl implements PluginContext {

  private final PluginManifest manifest;
  private final Path dataDirectory;
  private final Vertx vertx;
  private final Dispatcher dispatcher;
  private final PluginRegistry registry;
  private final PluginMetrics telemetry;
  private final Logger logger;

  PluginContextImpl(PluginManifest manifest, Path dataRoot, Vertx vertx, Dispatcher dispatcher, PluginRegistry registry,
                    PluginMetrics telemetry) {
    this.manifest = manifest;
    this.dataDirectory = dataRoot.resolve(manifest.id());
    this.vertx = vertx;
    this.dispatcher = dispatcher;
    this.registry = registry;
    this.telemetry = telemetry;
    this.logger = LoggerFactory.getLogger("dhii.plugin." + manifest.id());
  }

  @Override
  public String pluginId() {
    return manifest.id();
  }

  @Override
  public String version() {
    return manifest.version();
  }

  @Override
  public JsonObject config() {
    return manifest.config().copy();
  }

  @Override
  public Path dataDirectory() {
    try {
      return Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data directory of " + manifest.id(), e);
    }
  }

  @Override
  public Logger logger() {
    return logger;
  }

  @Override
  public PluginTelemetry telemetry() {
    return telemetry;
  }

  /** @return the metrics the plugin records through {@link #telemetry()} */
  PluginMetrics metrics() {
    return telemetry;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Future<JsonObject> invoke(String capabilityId, JsonObject params, ExecutionContext ctx) {
    PluginRecord target = registry.declaring(capabilityId);
    if (target != null && !target.id().equals(manifest.id()) && !manifest.imports().containsKey(target.id())) {
      return Future.failedFuture(PluginException.of(ErrorCode.FORBIDDEN, "Plugin " + manifest.id() + " calls "
        + capabilityId + " of plugin " + target.id() + " without importing it in its manifest"));
    }
    CallRequest request = ctx == null
      ? CallRequest.of(capabilityId, params)
      : CallRequest.builder(capabilityId, params).requestId(ctx.requestId()).userId(ctx.userId())
        .timeoutMs(Math.max(1, ctx.remaining().toMillis())).cancellation(ctx.cancellation())
        .traceContext(ctx.traceContext()).build();
    return dispatcher.invoke(request).map(CallResult::output).recover(failure -> {
      CallFailure f = CallFailure.of(failure, request.requestId(), capabilityId);
      return Future.failedFuture(PluginException.of(f.error().code(), f.error().message(), f.error().details()));
    });
  }
}
