package dev.dhii.api;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Turns a failure of Jackson's mapping of an input object to a record into a validation violation: the JSON
 * pointer of the offending value and a plain message, never Jackson's (which names Java types and its source).
 */
final class MappingErrors {

  private MappingErrors() {
  }

  static PluginValidationException.Violation violation(IllegalArgumentException failure) {
    JsonMappingException mapping = null;
    InputCoercionException coercion = null;
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof JsonMappingException jme && mapping == null) {
        mapping = jme;
      }
      if (t instanceof InputCoercionException ice && coercion == null) {
        coercion = ice;
      }
    }
    String pointer = mapping == null ? "" : pointer(mapping);
    String message;
    if (coercion != null) {
      message = "is out of range for " + describe(coercion.getTargetType());
    } else if (mapping instanceof InvalidFormatException ife) {
      message = "is not a valid " + describe(ife.getTargetType()).replaceFirst("^an? ", "");
    } else if (mapping instanceof MismatchedInputException mie && mie.getTargetType() != null) {
      message = "must be " + describe(mie.getTargetType());
    } else {
      message = "does not match the input's type";
    }
    return new PluginValidationException.Violation(pointer, message);
  }

  private static String pointer(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append('/').append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else if (ref.getIndex() >= 0) {
        sb.append('/').append(ref.getIndex());
      }
    }
    return sb.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "its type";
    } else if (type == int.class || type == Integer.class) {
      return "a 32-bit integer (-2147483648 to 2147483647)";
    } else if (type == long.class || type == Long.class) {
      return "a 64-bit integer";
    } else if (type == short.class || type == Short.class) {
      return "a 16-bit integer";
    } else if (type == byte.class || type == Byte.class) {
      return "an 8-bit integer";
    } else if (type == double.class || type == Double.class || type == float.class || type == Float.class
      || Number.class.isAssignableFrom(type)) {
      return "a number";
    } else if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    } else if (type == String.class || type == char.class || type == Character.class || type.isEnum()) {
      return type.isEnum() ? "one of the allowed values" : "a string";
    } else if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    } else if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
      return "a date or time in ISO-8601 form";
    }
    return "an object";
  }
}
