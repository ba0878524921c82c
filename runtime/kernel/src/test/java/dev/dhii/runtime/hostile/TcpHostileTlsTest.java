package dev.dhii.runtime.hostile;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.FrameSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP bridge serving TLS from PEM files (a self-signed certificate made here with openssl, else keytool):
 * a real TLS client calls a capability; a plain client, a stalled handshake and a silent TLS client are each
 * ended within the first-frame deadline; process plugins keep their plain loopback listener.
 */
class TcpHostileTlsTest {

  @TempDir
  static Path dir;
  static SSLContext client;

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = BridgeHostile.builder(null).manual().build();

  @BeforeAll
  static void start() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    selfSigned(cert, key);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry("bridge", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    client = SSLContext.getInstance("TLS");
    client.init(null, factory.getTrustManagers(), null);
    dhii.start(new JsonObject().put("tcpBridge", new JsonObject()
      .put("firstFrameTimeoutMs", 1_000).put("tls", new JsonObject().put("certPath", cert.toString()).put("keyPath", key.toString()))));
  }

  /** A self-signed certificate for 127.0.0.1: openssl when present, else keytool and the JDK. */
  static void selfSigned(Path cert, Path key) throws Exception {
    try {
      Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
        "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
        .redirectErrorStream(true).start();
      openssl.getInputStream().readAllBytes();
      if (openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0 && Files.size(key) > 0) {
        return;
      }
    } catch (IOException e) {
      // no openssl: keytool below
    }
    Path store = cert.resolveSibling("bridge.p12");
    Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "bridge", "-keyalg", "RSA", "-keysize", "2048",
      "-validity", "1", "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12", "-keystore",
      store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    Key privateKey = keys.getKey("bridge", "changeit".toCharArray());
    Certificate certificate = keys.getCertificate("bridge");
    Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
    Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }

  static SSLSocket tls() throws IOException {
    SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), dhii.runtime().tcpBridgePort());
    socket.setSoTimeout(5_000);
    socket.startHandshake();
    return socket;
  }

  static void write(Socket socket, JsonObject frame) throws IOException {
    byte[] payload = frame.encode().getBytes(StandardCharsets.UTF_8);
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeInt(payload.length);
    out.write(payload);
    out.flush();
  }

  static JsonObject read(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] payload = new byte[in.readInt()];
    in.readFully(payload);
    return new JsonObject(new String(payload, StandardCharsets.UTF_8));
  }

  @Test
  void aTlsClientCallsACapability() throws Exception {
    try (SSLSocket socket = tls()) {
      write(socket, new JsonObject().put("type", "send").put("address", "dhii.cap.hx.echo").put("replyAddress", "t1")
        .put("body", new JsonObject().put("over", "tls")));
      JsonObject reply = read(socket);
      assertEquals("t1", reply.getString("address"), reply.encode());
      assertEquals("tls", reply.getJsonObject("body").getString("over"));
      write(socket, new JsonObject().put("type", "publish").put("address", "dhii.cap.hx.echo"));
      TcpHostileFrameTest.assertTypedFrame(read(socket), 403, "FORBIDDEN");
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void aPlainClientOnTheTlsPortGetsNoFrameAndIsClosed() {
    try (FrameSocket socket = new FrameSocket(dhii.runtime().tcpBridgePort())) {
      socket.send(new JsonObject().put("type", "ping"));
      assertThrows(java.io.UncheckedIOException.class, socket::read);
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void aStalledHandshakeIsClosedWithinTheDeadline() throws Exception {
    long start = System.currentTimeMillis();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), dhii.runtime().tcpBridgePort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}); // a ClientHello's record header, no more
      socket.getOutputStream().flush();
      int read;
      do {
        read = socket.getInputStream().read();
      } while (read >= 0);
    } catch (java.net.SocketException e) {
      // reset: closed as well
    }
    assertTrue(System.currentTimeMillis() - start < 4_000, "the stalled handshake was held");
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void aSilentTlsClientIsAnsweredTimeout() throws Exception {
    try (SSLSocket socket = tls()) {
      TcpHostileFrameTest.assertTypedFrame(read(socket), 504, "TIMEOUT");
    }
    BridgeHostile.assertLive(dhii.runtime());
  }

  @Test
  void processPluginsKeepAPlainLoopbackListener() {
    assertTrue(dhii.runtime().processBridgePort() > 0 && dhii.runtime().processBridgePort() != dhii.runtime().tcpBridgePort());
    try (FrameSocket socket = new FrameSocket(dhii.runtime().processBridgePort())) {
      assertEquals("pong", socket.send(new JsonObject().put("type", "ping")).read().getString("type"));
    }
    BridgeHostile.assertLive(dhii.runtime());
  }
}
