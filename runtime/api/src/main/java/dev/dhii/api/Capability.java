package dev.dhii.api;

import dev.dhii.api.schema.JsonSchemas;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A typed capability: an id, metadata, input and output types (Java records, or {@link JsonObject}
 * with a hand-written schema) and a handler. Input and output JSON Schemas (draft 2020-12) are
 * generated from the record types, the way Pydantic's {@code model_json_schema()} is; the runtime
 * validates every call's input and output against them.
 *
 * <pre>{@code
 * record EchoIn(@Schema(maxLength = 10000) String text, @Schema(required = false) Integer n) {}
 * Capability<EchoIn, EchoIn> echo = Capability.builder("echo.echo", EchoIn.class, EchoIn.class)
 *     .description("Returns its input").requiresAuth(false).rateLimitPerMinute(0).idempotent(true)
 *     .handler((in, ctx) -> Future.succeededFuture(in))
 *     .build();
 * }</pre>
 *
 * @param <I> input type
 * @param <O> output type
 */
public final class Capability<I, O> {

  /** Default for {@link #rateLimitPerMinute()}: 100 calls a minute per user. */
  public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 100;

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_]*)+");

  private final String id;
  private final String name;
  private final String description;
  private final Class<I> inputType;
  private final Class<O> outputType;
  private final Set<String> tags;
  private final boolean requiresAuth;
  private final int rateLimitPerMinute;
  private final boolean idempotent;
  private final Duration timeout;
  private final JsonObject inputSchema;
  private final JsonObject outputSchema;
  private final CapabilityHandler<I, O> handler;
  /** Decoding of its input and encoding of its output. */
  private final CapabilityMapping<I, O> mapping;

  private Capability(Builder<I, O> b) {
    this.id = b.id;
    this.name = b.name == null ? b.id : b.name;
    this.description = b.description == null ? "" : b.description;
    this.inputType = b.inputType;
    this.outputType = b.outputType;
    this.mapping = new CapabilityMapping<>(b.inputType, b.outputType);
    this.tags = Set.copyOf(b.tags);
    this.requiresAuth = b.requiresAuth;
    this.rateLimitPerMinute = b.rateLimitPerMinute;
    this.idempotent = b.idempotent;
    this.timeout = b.timeout;
    this.inputSchema = b.inputSchema != null ? b.inputSchema : JsonSchemas.of(inputType);
    this.outputSchema = b.outputSchema != null ? b.outputSchema : JsonSchemas.of(outputType);
    this.handler = Objects.requireNonNull(b.handler, "handler of capability " + id);
  }

  /**
   * Starts building a capability.
   *
   * @param id globally unique id {@code <plugin>.<name>}, e.g. {@code email.send}
   * @param inputType the input record type (or {@link JsonObject} with {@link Builder#inputSchema})
   * @param outputType the output record type (or {@link JsonObject} with {@link Builder#outputSchema})
   * @param <I> input type
   * @param <O> output type
   * @return a builder
   */
  public static <I, O> Builder<I, O> builder(String id, Class<I> inputType, Class<O> outputType) {
    return new Builder<>(id, inputType, outputType);
  }

  /** @return the globally unique id, {@code <plugin>.<name>} */
  public String id() {
    return id;
  }

  /** @return a human-readable name */
  public String name() {
    return name;
  }

  /** @return what the capability does */
  public String description() {
    return description;
  }

  /** @return the input type */
  public Class<I> inputType() {
    return inputType;
  }

  /** @return the output type */
  public Class<O> outputType() {
    return outputType;
  }

  /** @return free-form tags */
  public Set<String> tags() {
    return tags;
  }

  /** @return whether callers must be authenticated (default {@code true}) */
  public boolean requiresAuth() {
    return requiresAuth;
  }

  /** @return calls per minute allowed per user (default 100); 0 means unlimited */
  public int rateLimitPerMinute() {
    return rateLimitPerMinute;
  }

  /** @return whether repeating a call is safe (enables retries of network failures) */
  public boolean idempotent() {
    return idempotent;
  }

  /** @return the longest a call may take whatever the caller asks, or {@code null} for no cap */
  public Duration timeout() {
    return timeout;
  }

  /** @return the input JSON Schema (draft 2020-12); do not modify */
  public JsonObject inputSchema() {
    return inputSchema;
  }

  /** @return the output JSON Schema (draft 2020-12); do not modify */
  public JsonObject outputSchema() {
    return outputSchema;
  }

  /**
   * Runs the capability: decodes {@code params} into the input type, calls the handler, encodes the
   * output to JSON. A decoding failure is a {@link PluginValidationException}; a handler that throws
   * yields a failed Future.
   *
   * @param params the (schema-validated) input
   * @param ctx the call's context
   * @return a Future of the output as a {@link JsonObject}
   */
  public Future<JsonObject> invoke(JsonObject params, ExecutionContext ctx) {
    I input;
    try {
      input = mapping.decode(params);
    } catch (IllegalArgumentException e) {
      // Jackson's own message names classes and its internals: the caller gets a pointer and a plain message
      PluginValidationException.Violation violation = MappingErrors.violation(e);
      return Future.failedFuture(new PluginValidationException("Invalid input: "
        + (violation.pointer().isEmpty() ? "" : violation.pointer() + " ") + violation.message(), List.of(violation)));
    }
    Future<O> result;
    try {
      result = handler.handle(input, ctx);
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
    if (result == null) {
      return Future.failedFuture(new PluginException("Capability " + id + " returned no Future"));
    }
    return result.map(mapping::encode);
  }

  /** @return a JSON description: id, name, description, tags, flags and both schemas */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("description", description)
      .put("tags", List.copyOf(tags)).put("requiresAuth", requiresAuth).put("rateLimitPerMinute", rateLimitPerMinute)
      .put("idempotent", idempotent).put("timeoutMs", timeout == null ? null : timeout.toMillis())
      .put("inputSchema", inputSchema).put("outputSchema", outputSchema);
  }

  /**
   * Builds a {@link Capability}.
   *
   * @param <I> input type
   * @param <O> output type
   */
  public static final class Builder<I, O> {
    private final String id;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private String name;
    private String description;
    private Set<String> tags = Set.of();
    private boolean requiresAuth = true;
    private int rateLimitPerMinute = DEFAULT_RATE_LIMIT_PER_MINUTE;
    private boolean idempotent;
    private Duration timeout;
    private JsonObject inputSchema;
    private JsonObject outputSchema;
    private CapabilityHandler<I, O> handler;

    private Builder(String id, Class<I> inputType, Class<O> outputType) {
      if (id == null || !ID.matcher(id).matches()) {
        throw new IllegalArgumentException("Capability id must look like '<plugin>.<name>' (lower case): " + id);
      }
      this.id = id;
      this.inputType = Objects.requireNonNull(inputType, "inputType");
      this.outputType = Objects.requireNonNull(outputType, "outputType");
    }

    /** @param name a human-readable name (default: the id) @return this */
    public Builder<I, O> name(String name) {
      this.name = name;
      return this;
    }

    /** @param description what the capability does @return this */
    public Builder<I, O> description(String description) {
      this.description = description;
      return this;
    }

    /** @param tags free-form tags @return this */
    public Builder<I, O> tags(String... tags) {
      this.tags = Set.of(tags);
      return this;
    }

    /** @param requiresAuth whether callers must be authenticated (default {@code true}) @return this */
    public Builder<I, O> requiresAuth(boolean requiresAuth) {
      this.requiresAuth = requiresAuth;
      return this;
    }

    /** @param perMinute calls per minute per user, 0 for unlimited (default 100) @return this */
    public Builder<I, O> rateLimitPerMinute(int perMinute) {
      if (perMinute < 0) {
        throw new IllegalArgumentException("rateLimitPerMinute must be >= 0: " + perMinute);
      }
      this.rateLimitPerMinute = perMinute;
      return this;
    }

    /** @param idempotent whether a repeat is safe (default {@code false}) @return this */
    public Builder<I, O> idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /** @param timeout the longest a call may take whatever the caller asks @return this */
    public Builder<I, O> timeout(Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** @param schema a hand-written input JSON Schema, replacing the generated one @return this */
    public Builder<I, O> inputSchema(JsonObject schema) {
      this.inputSchema = schema;
      return this;
    }

    /** @param schema a hand-written output JSON Schema, replacing the generated one @return this */
    public Builder<I, O> outputSchema(JsonObject schema) {
      this.outputSchema = schema;
      return this;
    }

    /** @param handler the code behind the capability @return this */
    public Builder<I, O> handler(CapabilityHandler<I, O> handler) {
      this.handler = handler;
      return this;
    }

    /** @return the capability */
    public Capability<I, O> build() {
      return new Capability<>(this);
    }
  }
}
