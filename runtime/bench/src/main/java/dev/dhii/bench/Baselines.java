package dev.dhii.bench;

import dev.dhii.runtime.dispatch.SchemaValidator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.WorkerExecutorInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The raw Vert.x baselines the runtime is measured against: a worker verticle answering event bus
 * requests, and a bare Vert.x Web route doing the same event bus hop with input and output schema
 * validation.
 */
final class Baselines {

  static final String RAW_ADDRESS = "bench.raw.echo";
  static final String VALIDATED_ADDRESS = "bench.raw.validated";
  static final String HOP_ADDRESS = "bench.raw.hop";

  private Baselines() {
  }

  /** A worker verticle replying with the request's body. */
  static final class RawWorker extends VerticleBase {
    @Override
    public Future<?> start() {
      return vertx.eventBus().<JsonObject>consumer(RAW_ADDRESS, m -> m.reply(m.body())).completion();
    }
  }

  /** A worker verticle that validates the request and the reply against the capability's schemas. */
  static final class ValidatingWorker extends VerticleBase {
    private final SchemaValidator input;
    private final SchemaValidator output;

    ValidatingWorker(JsonObject inputSchema, JsonObject outputSchema) {
      this.input = SchemaValidator.compile(inputSchema);
      this.output = SchemaValidator.compile(outputSchema);
    }

    @Override
    public Future<?> start() {
      return vertx.eventBus().<JsonObject>consumer(VALIDATED_ADDRESS, m -> {
        if (!input.validate(m.body()).isEmpty() || !output.validate(m.body()).isEmpty()) {
          m.fail(400, "invalid");
        } else {
          m.reply(m.body());
        }
      }).completion();
    }
  }

  /**
   * The floor of the runtime's design: a consumer on an event loop that hands each request to a bounded worker
   * pool, runs nothing there but taking the body, and replies from the event loop again, as the kernel admits a
   * call on its event loop, runs it on the plugin's pool and completes it on the caller's context. No schema,
   * deadline, policy or telemetry.
   */
  static final class BareHop extends VerticleBase {
    private final int poolSize;
    private WorkerExecutor pool;

    BareHop(int poolSize) {
      this.poolSize = poolSize;
    }

    @Override
    public Future<?> start() {
      pool = vertx.createSharedWorkerExecutor("bench-hop", poolSize);
      ContextInternal loop = (ContextInternal) context;
      Executor workers = ((WorkerExecutorInternal) pool).pool().executor();
      return vertx.eventBus().<JsonObject>consumer(HOP_ADDRESS, m -> workers.execute(() -> {
        JsonObject body = m.body();
        loop.runOnContext(v -> m.reply(body));
      })).completion();
    }

    @Override
    public Future<?> stop() {
      return pool.close();
    }
  }

  /** POST /bare: parse, validate the input, event bus hop to the raw worker, validate the output, reply. */
  static final class BareHttp extends VerticleBase {
    private final int port;
    private final SchemaValidator input;
    private final SchemaValidator output;

    BareHttp(int port, JsonObject inputSchema, JsonObject outputSchema) {
      this.port = port;
      this.input = SchemaValidator.compile(inputSchema);
      this.output = SchemaValidator.compile(outputSchema);
    }

    @Override
    public Future<?> start() {
      Router router = Router.router(vertx);
      router.route().handler(BodyHandler.create(false));
      router.post("/bare").handler(rc -> {
        JsonObject body = rc.body().asJsonObject();
        if (!input.validate(body).isEmpty()) {
          rc.response().setStatusCode(400).end();
          return;
        }
        vertx.eventBus().<JsonObject>request(RAW_ADDRESS, body).onComplete(ar -> {
          if (ar.failed() || !output.validate(ar.result().body()).isEmpty()) {
            rc.response().setStatusCode(500).end();
            return;
          }
          rc.response().putHeader("content-type", "application/json").end(new JsonObject()
            .put("requestId", UUID.randomUUID().toString()).put("result", ar.result().body()).toBuffer());
        });
      });
      return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
    }
  }

  static Future<String> deployRawWorker(Vertx vertx, int poolSize) {
    return vertx.deployVerticle(RawWorker::new, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
      .setWorkerPoolName("bench-raw").setWorkerPoolSize(poolSize).setInstances(poolSize));
  }

  static Future<String> deployBareHop(Vertx vertx, int poolSize) {
    return vertx.deployVerticle(() -> new BareHop(poolSize), new DeploymentOptions());
  }

  static Future<String> deployValidatingWorker(Vertx vertx, int poolSize, JsonObject inputSchema, JsonObject outputSchema) {
    return vertx.deployVerticle(() -> new ValidatingWorker(inputSchema, outputSchema), new DeploymentOptions()
      .setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName("bench-validated").setWorkerPoolSize(poolSize)
      .setInstances(poolSize));
  }
}
