package dev.dhii.runtime.hostile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** What every HTTP hostile class shares: a plugin directory and one runtime for the class, stopped after it. */
abstract class HttpHostileBase {

  @TempDir
  static Path dir;
  static HttpHostileRuntime hx;

  @AfterAll
  static void stopRuntime() throws Exception {
    if (hx != null) {
      hx.close();
      hx = null;
    }
  }
}
