package dev.dhii.runtime.resilience;

import dev.dhii.api.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExceptionsTest {

  @Test
  void rejectionsCarryTheirErrorCodesAndNeverCountAgainstTheBreaker() {
    CircuitOpenException open = new CircuitOpenException("email");
    OverloadedException overloaded = new OverloadedException("email");
    RateLimitedException limited = new RateLimitedException("email.send: 100/min", 600);
    assertEquals(ErrorCode.CIRCUIT_OPEN, open.code());
    assertEquals(ErrorCode.OVERLOADED, overloaded.code());
    assertEquals(ErrorCode.RATE_LIMITED, limited.code());
    for (var e : new dev.dhii.api.PluginException[] {open, overloaded, limited}) {
      assertTrue(e.code().retryable());
      assertFalse(e.code().countsAgainstBreaker());
      assertEquals(0, e.getStackTrace().length, e.getClass().getSimpleName() + " has a stack");
    }
    assertEquals("email", open.pluginId());
    assertEquals("email", overloaded.pluginId());
  }

  @Test
  void sharedRejectionsStayStacklessAndTheirDetailsReadOnly() {
    CircuitOpenException open = new CircuitOpenException("email");
    open.setStackTrace(new Throwable().getStackTrace());
    assertEquals(0, open.getStackTrace().length);
    assertThrows(UnsupportedOperationException.class, () -> open.details().put("x", 1));
    assertThrows(UnsupportedOperationException.class,
      () -> new OverloadedException("email").details().put("x", 1));
  }

  @Test
  void rateLimitedCarriesRetryAfterInDetailsAndWholeSeconds() {
    RateLimitedException limited = new RateLimitedException("limited", 1_001);
    assertEquals(1_001, limited.retryAfterMs());
    assertEquals(1_001L, limited.details().getLong("retryAfterMs"));
    assertEquals(2, limited.retryAfterSeconds());
    assertEquals(1, new RateLimitedException("limited", 0).retryAfterSeconds());
    assertThrows(IllegalArgumentException.class, () -> new RateLimitedException("limited", -1));
  }
}
