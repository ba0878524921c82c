package dev.dhii.runtime.telemetry.impl;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: {@code # HELP} and {@code # TYPE} lines,
 * then samples {@code name{label="value",...} value}, with label values and help texts escaped. The
 * caller writes each family's samples together, after its {@link #family} line.
 */
final class PrometheusText {

  private final StringBuilder out = new StringBuilder(8192);
  private boolean noLabels;

  /**
   * @param name the family's name
   * @param type {@code counter}, {@code gauge}, {@code histogram}, {@code summary} or {@code untyped}
   * @param help what it measures
   * @return this
   */
  PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ');
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** @param name the sample's name @return this, to add labels and then the value */
  PrometheusText sample(String name) {
    out.append(name);
    noLabels = true;
    return this;
  }

  /** @param name a label name @param value its value, escaped here @return this */
  PrometheusText label(String name, String value) {
    out.append(noLabels ? '{' : ',').append(name).append("=\"");
    noLabels = false;
    escape(value, out);
    out.append('"');
    return this;
  }

  /** @param labels labels already in exposition form ({@code a="x",b="y"}), may be empty @return this */
  PrometheusText labels(String labels) {
    if (!labels.isEmpty()) {
      out.append(noLabels ? '{' : ',').append(labels);
      noLabels = false;
    }
    return this;
  }

  /** @param sample a whole sample line, already in exposition form, without its line feed */
  void line(String sample) {
    out.append(sample).append('\n');
  }

  /** @param value the sample's value; ends the line */
  void value(long value) {
    endLabels();
    out.append(value).append('\n');
  }

  /** @param value the sample's value; ends the line */
  void value(double value) {
    endLabels();
    out.append(format(value)).append('\n');
  }

  private void endLabels() {
    out.append(noLabels ? " " : "} ");
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** Escapes a label value: backslash, double quote and line feed. */
  static void escape(String value, StringBuilder out) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
