package dev.dhii.runtime.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** TLS PEM paths of the HTTP server and the TCP bridge resolve the same way: relative to the runtime's home. */
class TlsPathsTest {

  @Test
  void relativePemPathsResolveAgainstTheHomeOnBothListeners() {
    JsonObject tls = new JsonObject().put("certPath", "conf/cert.pem").put("keyPath", "conf/key.pem");
    RuntimeOptions options = new RuntimeOptions(new JsonObject()
      .put("httpServer", new JsonObject().put("tls", tls.copy()))
      .put("tcpBridge", new JsonObject().put("tls", tls.copy())));
    String cert = options.home().resolve("conf/cert.pem").toString();
    String key = options.home().resolve("conf/key.pem").toString();
    assertEquals(cert, options.httpEdge().tlsCertPath());
    assertEquals(key, options.httpEdge().tlsKeyPath());
    assertEquals(cert, options.tcpBridge().getTlsCertFile());
    assertEquals(key, options.tcpBridge().getTlsKeyFile());
  }

  @Test
  void withoutTlsTheBridgeHasNone() {
    assertFalse(new RuntimeOptions(new JsonObject()).tcpBridge().isTls());
  }
}
