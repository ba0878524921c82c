package dev.dhii.runtime.telemetry.impl;

import dev.dhii.api.ErrorCode;
import dev.dhii.runtime.kernel.PluginMetrics;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The exposition writer, the histogram buckets, and the label rules of plugins' own metrics. */
class PrometheusTextTest {

  @Test
  void labelValuesAndHelpTextsAreEscaped() {
    PrometheusText text = new PrometheusText();
    text.family("m", "gauge", "a \\ help\nline");
    text.sample("m").label("k", "a\"b\\c\nd").label("z", "").value(1);
    text.sample("m").value(2.5);
    assertEquals("# HELP m a \\\\ help\\nline\n# TYPE m gauge\nm{k=\"a\\\"b\\\\c\\nd\",z=\"\"} 1\nm 2.5\n", text.toString());
  }

  @Test
  void doublesUseThePrometheusSpellings() {
    assertEquals("NaN", PrometheusText.format(Double.NaN));
    assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", PrometheusText.format(Double.NEGATIVE_INFINITY));
    assertEquals("3", PrometheusText.format(3.0));
    assertEquals("0.0125", PrometheusText.format(0.0125));
  }

  @Test
  void aDurationFallsInTheFirstBucketWhoseBoundHoldsIt() {
    CallSeries series = new CallSeries("p", "p.c", new LongAdder());
    series.record(null, 500_000);        // exactly 0.5 ms: le="0.0005"
    series.record(null, 500_001);        // just above: le="0.001"
    series.record(ErrorCode.TIMEOUT, 31_000_000_000L); // above 30 s: +Inf only
    long[] buckets = series.buckets();
    assertEquals(1, buckets[0]);
    assertEquals(1, buckets[1]);
    assertEquals(1, buckets[buckets.length - 1]);
    assertEquals(2, series.outcome(0));
    assertEquals(1, series.outcome(ErrorCode.TIMEOUT.ordinal() + 1));
    assertEquals("TIMEOUT", CallSeries.outcomeLabel(ErrorCode.TIMEOUT.ordinal() + 1));
  }

  @Test
  void pluginMetricsRejectLabelsThatWouldBreakTheExposition() {
    PluginMetrics metrics = new PluginMetrics();
    assertThrows(IllegalArgumentException.class, () -> metrics.count("sent", 1, Map.of("plugin", "x")));
    assertThrows(IllegalArgumentException.class, () -> metrics.count("sent", 1, Map.of("to address", "x")));
    assertThrows(IllegalArgumentException.class, () -> metrics.count("sent", 1, Map.of("__name__", "x")));
    assertThrows(IllegalArgumentException.class, () -> metrics.count("sent-total", 1, Map.of()));
    metrics.count("sent", 1, Map.of("to", "a\"b"));
    assertEquals(1, metrics.counters().get("sent{to=\"a\\\"b\"}").sum());
  }
}
