package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS from PEM files: a self-signed certificate made at test time with the JDK's keytool (no other tool needed)
 * and written out as PEM; a real HTTPS call; plain HTTP on the TLS port gets no answer it could mistake for one.
 */
class HttpHostileTlsTest {

  @TempDir
  static Path dir;
  static KeyStore store;

  @RegisterExtension
  static final DhiiRuntimeExtension hx = HttpHostileRuntime.builder(null).manual().build();

  @BeforeAll
  static void start() throws Exception {
    Path p12 = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "dhii", "-keyalg", "RSA", "-keysize", "2048",
      "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
      "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
    store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, "changeit".toCharArray());
    }
    Key key = store.getKey("dhii", "changeit".toCharArray());
    Certificate cert = store.getCertificate("dhii");
    Path certPem = dir.resolve("cert.pem");
    Path keyPem = dir.resolve("key.pem");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    hx.start(new JsonObject().put("httpServer", new JsonObject()
      .put("tls", new JsonObject().put("certPath", certPem.toString()).put("keyPath", keyPem.toString()))));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
      .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  @Test
  void httpsServesTheInvokeRouteAndHealth() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("dhii", store.getCertificate("dhii"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hx.httpPort() + "/health/live"))
      .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, live.statusCode());
    HttpResponse<String> echo = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hx.httpPort()
        + "/v1/capabilities/hx.echo/invoke")).header("content-type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).timeout(Duration.ofSeconds(10)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(200, echo.statusCode(), echo.body());
    assertEquals(1, new JsonObject(echo.body()).getJsonObject("result").getInteger("a"));
    HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hx.httpPort()
        + "/v1/capabilities/hx.echo/invoke")).header("content-type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1,\"a\":2}")).timeout(Duration.ofSeconds(10)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(400, bad.statusCode());
    assertEquals("VALIDATION", new JsonObject(bad.body()).getJsonObject("error").getString("code"));
  }

  @Test
  void plainHttpOnTheTlsPortGetsNoHttpAnswer() {
    RawHttp.Answer answer = RawHttp.send(hx.httpPort(), "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
      .getBytes(StandardCharsets.ISO_8859_1), 3000);
    assertTrue(answer.status() < 0, "status " + answer.status());
  }
}
