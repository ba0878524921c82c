package dev.dhii.runtime.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.dhii.runtime.manifest.SchemaViolations.Violation;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates one {@code manifest.json}: JSON syntax (duplicate keys included), the manifest
 * schema ({@link #SCHEMA_RESOURCE}, the same file as {@code manifests/manifest.schema.json}) and the
 * rules the schema cannot express (semantic versions, import ranges, classpath wildcards). Every
 * problem found is reported, not only the first.
 *
 * <p>{@link #read} does blocking file I/O: call it off the event loop. A reader can be shared by threads.
 */
public final class ManifestReader {

  /** Class-path location of the manifest JSON Schema (draft 2020-12). */
  public static final String SCHEMA_RESOURCE = "/dev/dhii/runtime/manifest/manifest.schema.json";

  private static final JsonFactory STRICT_JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Validator validator;
  private final SchemaViolations violations;

  private ManifestReader(JsonObject schema) {
    this.validator = Validator.create(JsonSchema.of(schema.copy()), new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setBaseUri("https://dhii.dev/")
        .setOutputFormat(OutputFormat.Basic));
    this.violations = new SchemaViolations(schema);
  }

  /** A reader validating against the manifest schema on the class path. */
  public static ManifestReader create() {
    return new ManifestReader(ManifestSchema.JSON);
  }

  /** A copy of the manifest JSON Schema. */
  public static JsonObject schema() {
    return ManifestSchema.JSON.copy();
  }

  /**
   * Reads {@code manifestFile}.
   *
   * @return the manifest, or every problem found in it
   */
  public Result read(Path manifestFile) {
    String text;
    try {
      text = Files.readString(manifestFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Result.failure(ManifestProblem.ofFile(manifestFile, null, "file not found"));
    } catch (IOException e) {
      return Result.failure(ManifestProblem.ofFile(manifestFile, null, "cannot read file: " + e));
    }
    if (text.isBlank()) {
      return Result.failure(ManifestProblem.ofFile(manifestFile, null, "file is empty, expected a JSON object"));
    }
    Object value;
    try {
      value = JacksonCodec.fromParser(STRICT_JSON.createParser(text), Object.class);
    } catch (DecodeException | IOException e) {
      return Result.failure(ManifestProblem.ofFile(manifestFile, null, "invalid JSON: " + describe(e)));
    }
    if (!(value instanceof JsonObject json)) {
      return Result.failure(ManifestProblem.ofFile(manifestFile, null,
          "a manifest must be a JSON object, found " + typeOf(value)));
    }
    return validate(manifestFile, json);
  }

  private Result validate(Path file, JsonObject original) {
    String pluginId = original.getValue("id") instanceof String id ? id : null;
    List<Violation> found = new ArrayList<>();
    JsonObject json = original;
    boolean dhiiMail = DhiiMailManifest.recognises(file, original);
    if (dhiiMail) {
      // a Dhii-Mail plugin folder: its own format, mapped onto the runtime's manifest
      json = DhiiMailManifest.map(file, original, found);
    } else if (DhiiMailManifest.looksLikeOne(original)) {
      return Result.failure(new ManifestProblem(file, pluginId, "", "a Dhii-Mail manifest (no apiVersion, no runtime,"
          + " capabilities as objects) is served from a folder with its Python plugin: an __init__.py, the module its"
          + " \"entry_point\" names, plugin.py or <name>_plugin.py; none is here. For another module add \"apiVersion\","
          + " \"runtime\": \"process\" and \"entrypoint\": \"module:Attr\""));
    }
    found.addAll(ManifestChecks.check(json));
    // where the loader's own check already explains a value, the schema's generic message adds nothing
    Set<String> explained = new HashSet<>();
    found.forEach(v -> explained.add(v.pointer()));
    OutputUnit output;
    synchronized (validator) {
      output = validator.validate(json);
    }
    violations.of(output).stream().filter(v -> !explained.contains(v.pointer())).forEach(found::add);
    if (found.isEmpty()) {
      PluginManifest manifest = PluginManifest.fromJson(file, json);
      return Result.of(dhiiMail ? manifest.withCompat(DhiiMailManifest.compat(original)) : manifest);
    }
    found.sort(Comparator.comparing(Violation::pointer));
    return new Result(null, found.stream()
        .map(v -> new ManifestProblem(file, pluginId, v.pointer(), v.reason()))
        .toList());
  }

  /** Jackson's own message with its location as {@code line L, column C}, without the source excerpt. */
  private static String describe(Exception e) {
    Throwable cause = e instanceof JsonProcessingException ? e : e.getCause();
    if (cause instanceof JsonProcessingException jackson) {
      String message = jackson.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; ", "[");
      JsonLocation location = jackson.getLocation();
      if (location == null || location.getLineNr() < 1) return message;
      return message + " (line " + location.getLineNr()
          + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "") + ")";
    }
    return e.getMessage();
  }

  private static String typeOf(Object value) {
    if (value == null) return "null";
    if (value instanceof JsonArray) return "an array";
    if (value instanceof String) return "a string";
    if (value instanceof Boolean) return "a boolean";
    return "a number";
  }

  /**
   * What {@link #read} found: either a {@link #manifest()} or a non-empty list of {@link #problems()}.
   *
   * @param manifest the manifest, {@code null} if the file was rejected
   * @param problems why the file was rejected, empty if it was not
   */
  public record Result(PluginManifest manifest, List<ManifestProblem> problems) {

    /** Checks that exactly one of the two is given. */
    public Result {
      problems = problems == null ? List.of() : List.copyOf(problems);
      if ((manifest == null) == problems.isEmpty()) {
        throw new IllegalArgumentException("a result has either a manifest or problems");
      }
    }

    /** A manifest that was read successfully. */
    public static Result of(PluginManifest manifest) {
      return new Result(manifest, List.of());
    }

    /** A rejected file. */
    public static Result failure(ManifestProblem... problems) {
      return new Result(null, List.of(problems));
    }

    /** Whether the manifest was read and is valid. */
    public boolean succeeded() {
      return manifest != null;
    }

    /** Whether the file was rejected. */
    public boolean failed() {
      return manifest == null;
    }
  }
}
