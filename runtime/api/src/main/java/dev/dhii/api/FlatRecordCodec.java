package dev.dhii.api;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a flat record (components of type String, int/Integer, long/Long, double/Double, boolean/Boolean,
 * and no Jackson annotation anywhere on it) to and from the map of a JSON object without Jackson's
 * generic machinery. It gives the same results as the capability's Jackson mapper where it answers at
 * all: a value of any type other than the component's own (or, for long and double, a narrower number),
 * and a constructor that throws, make it answer {@code null}, and Jackson then maps the call (so every
 * coercion and every error message stays Jackson's). Nulls are left out of encoded maps, as the mapper's
 * {@code NON_NULL} inclusion does. Thread-safe.
 */
final class FlatRecordCodec {

  private enum Kind { STRING, INT, LONG, DOUBLE, BOOLEAN }

  private final String[] names;
  private final Kind[] kinds;
  private final boolean[] primitive;
  private final MethodHandle constructor;
  private final MethodHandle[] accessors;

  private FlatRecordCodec(String[] names, Kind[] kinds, boolean[] primitive, MethodHandle constructor,
                          MethodHandle[] accessors) {
    this.names = names;
    this.kinds = kinds;
    this.primitive = primitive;
    this.constructor = constructor;
    this.accessors = accessors;
  }

  /**
   * @param type a capability's input or output type
   * @return its codec, or {@code null} when it is not a public flat record without Jackson annotations
   */
  static FlatRecordCodec of(Class<?> type) {
    if (!type.isRecord() || !Modifier.isPublic(type.getModifiers()) || hasJacksonAnnotation(type)
      || hasExtraGetter(type)) {
      return null;
    }
    RecordComponent[] components = type.getRecordComponents();
    int n = components.length;
    String[] names = new String[n];
    Kind[] kinds = new Kind[n];
    boolean[] primitive = new boolean[n];
    Class<?>[] types = new Class<?>[n];
    MethodHandle[] accessors = new MethodHandle[n];
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      for (int i = 0; i < n; i++) {
        RecordComponent c = components[i];
        if (hasJacksonAnnotation(c) || hasJacksonAnnotation(c.getAccessor())
          || hasJacksonAnnotation(type.getDeclaredField(c.getName()))) {
          return null;
        }
        Class<?> t = c.getType();
        Kind kind = kindOf(t);
        if (kind == null) {
          return null;
        }
        names[i] = c.getName();
        kinds[i] = kind;
        primitive[i] = t.isPrimitive();
        types[i] = t;
        accessors[i] = lookup.unreflect(c.getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
      }
      MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, types))
        .asSpreader(Object[].class, n).asType(MethodType.methodType(Object.class, Object[].class));
      return new FlatRecordCodec(names, kinds, primitive, constructor, accessors);
    } catch (ReflectiveOperationException | IllegalArgumentException | SecurityException e) {
      return null; // not reachable through public lookup, or not a canonical shape: Jackson maps it
    }
  }

  /** Jackson also serializes a record's bean-style getters beyond its components. */
  private static boolean hasExtraGetter(Class<?> type) {
    java.util.Set<String> components = new java.util.HashSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      components.add(c.getName());
    }
    for (java.lang.reflect.Method m : type.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getReturnType() == void.class
        || components.contains(m.getName()) || m.getDeclaringClass() == Object.class
        || m.getDeclaringClass() == Record.class) {
        continue;
      }
      String name = m.getName();
      if ((name.startsWith("get") && name.length() > 3)
        || (name.startsWith("is") && name.length() > 2 && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class))) {
        return true;
      }
    }
    return false;
  }

  private static Kind kindOf(Class<?> t) {
    if (t == String.class) {
      return Kind.STRING;
    } else if (t == int.class || t == Integer.class) {
      return Kind.INT;
    } else if (t == long.class || t == Long.class) {
      return Kind.LONG;
    } else if (t == double.class || t == Double.class) {
      return Kind.DOUBLE;
    } else if (t == boolean.class || t == Boolean.class) {
      return Kind.BOOLEAN;
    }
    return null;
  }

  private static boolean hasJacksonAnnotation(AnnotatedElement element) {
    for (Annotation a : element.getAnnotations()) {
      if (isJackson(a.annotationType())) {
        return true;
      }
      // Jackson honours annotations bundled in a @JacksonAnnotationsInside meta-annotation
      for (Annotation meta : a.annotationType().getAnnotations()) {
        if (isJackson(meta.annotationType())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isJackson(Class<? extends Annotation> type) {
    return type.getName().startsWith("com.fasterxml.jackson.");
  }

  /**
   * @param json the (validated) input object's map
   * @return the record, or {@code null} when Jackson must map this input
   */
  Object decode(Map<String, Object> json) {
    Object[] args = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      Object value = json.get(names[i]);
      Object converted = convert(value, kinds[i]);
      if (converted == null) {
        if (value != null || primitive[i]) {
          return null; // a coercion, or a missing primitive: Jackson's rules
        }
      }
      args[i] = converted;
    }
    try {
      return constructor.invokeExact(args);
    } catch (Throwable t) {
      return null; // Jackson reports the constructor's failure in its own words
    }
  }

  private static Object convert(Object value, Kind kind) {
    switch (kind) {
      case STRING:
        return value instanceof String ? value : null;
      case INT:
        return value instanceof Integer ? value : null;
      case LONG:
        return value instanceof Long ? value : value instanceof Integer i ? Long.valueOf(i.longValue()) : null;
      case DOUBLE:
        return value instanceof Double ? value : null;
      case BOOLEAN:
        return value instanceof Boolean ? value : null;
      default:
        return null;
    }
  }

  /**
   * @param record an instance of the record type
   * @return its components by name, nulls left out; {@code null} when an accessor throws (Jackson then
   *         reports it)
   */
  Map<String, Object> encode(Object record) {
    Map<String, Object> json = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      Object value;
      try {
        value = accessors[i].invokeExact(record);
      } catch (Throwable t) {
        return null;
      }
      if (value != null) {
        json.put(names[i], value);
      }
    }
    return json;
  }
}
