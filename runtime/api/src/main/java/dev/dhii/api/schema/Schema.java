package dev.dhii.api.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Refines the JSON Schema generated for a record component (or a record type, for its description).
 * Unset attributes add nothing to the schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Schema {

  /** @return a description of the value */
  String description() default "";

  /** @return whether the property must be present (primitives are always required) */
  boolean required() default true;

  /** @return the minimum string length, or -1 */
  int minLength() default -1;

  /** @return the maximum string length, or -1 */
  int maxLength() default -1;

  /** @return a regular expression the string must match, or empty */
  String pattern() default "";

  /** @return a string format ({@code date}, {@code date-time}, {@code email}, ...), or empty */
  String format() default "";

  /** @return the inclusive minimum of a number, or NaN */
  double minimum() default Double.NaN;

  /** @return the inclusive maximum of a number, or NaN */
  double maximum() default Double.NaN;

  /** @return the minimum number of array items, or -1 */
  int minItems() default -1;

  /** @return the maximum number of array items, or -1 */
  int maxItems() default -1;

  /** @return the default value as JSON text (e.g. {@code "10"}, {@code "\"INBOX\""}), or empty */
  String defaultValue() default "";
}
