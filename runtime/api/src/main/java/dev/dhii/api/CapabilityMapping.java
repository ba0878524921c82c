package dev.dhii.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;

import java.util.Map;

/**
 * How one capability's input is decoded from a call's JSON params and its output encoded to JSON: flat
 * records directly ({@link FlatRecordCodec}), other types through a Jackson mapper of the capability's own,
 * {@link JsonObject} as it is.
 *
 * @param <I> input type
 * @param <O> output type
 */
final class CapabilityMapping<I, O> {

  private final Class<I> inputType;
  private final Class<O> outputType;
  /**
   * Each capability maps its records with its own mapper and type cache, so that nothing shared with
   * the runtime keeps a plugin's classes (and its class loader) alive after the plugin is unloaded.
   */
  private final ObjectMapper mapper = new ObjectMapper()
    // JsonObject/JsonArray values nested in a call's params (in-process callers put them there) map
    // like the maps and lists they wrap
    .registerModule(new VertxModule())
    .setTypeFactory(TypeFactory.defaultInstance().withCache(new LRUMap<Object, JavaType>(16, 256)))
    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
    .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** The input type and the encoded output's type, resolved once rather than on every call. */
  private final JavaType inputJavaType;
  private final JavaType mapJavaType = mapper.constructType(Map.class);
  /** Direct mapping of flat records, where it gives the mapper's results; null for other types. */
  private final FlatRecordCodec inputCodec;
  private final FlatRecordCodec outputCodec;

  CapabilityMapping(Class<I> inputType, Class<O> outputType) {
    this.inputType = inputType;
    this.outputType = outputType;
    this.inputJavaType = mapper.constructType(inputType);
    this.inputCodec = FlatRecordCodec.of(inputType);
    this.outputCodec = FlatRecordCodec.of(outputType);
  }

  /**
   * @param params a call's (schema-validated) input
   * @return it as the input type
   * @throws IllegalArgumentException when it does not map to the input type
   */
  @SuppressWarnings("unchecked")
  I decode(JsonObject params) {
    if (inputType == JsonObject.class) {
      return (I) params;
    }
    if (inputCodec != null) {
      Object decoded = inputCodec.decode(params.getMap());
      if (decoded != null) {
        return (I) decoded;
      }
    }
    return mapper.convertValue(params.getMap(), inputJavaType);
  }

  /** @return the output as JSON; {@code {}} for null */
  @SuppressWarnings("unchecked")
  JsonObject encode(O output) {
    if (output == null) {
      return new JsonObject();
    }
    if (output instanceof JsonObject json) {
      return json;
    }
    if (outputCodec != null && outputType.isInstance(output)) {
      Map<String, Object> encoded = outputCodec.encode(output);
      if (encoded != null) {
        return new JsonObject(encoded);
      }
    }
    return new JsonObject((Map<String, Object>) mapper.convertValue(output, mapJavaType));
  }
}
