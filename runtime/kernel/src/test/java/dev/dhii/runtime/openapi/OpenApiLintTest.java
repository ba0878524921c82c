package dev.dhii.runtime.openapi;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The document a listening runtime serves passes Redocly's recommended rules ({@code redocly lint}) with no
 * error and no warning: with fixture plugins, Dhii-Mail's v1 capability schemas and hand-written schemas
 * that use {@code $defs}, local references and boolean schemas.
 */
class OpenApiLintTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().plugins(OpenApiDocumentTest::plugins).build();

  @Test
  void theServedDocumentLintsClean(@TempDir Path dir) throws Exception {
    JsonObject document = dhii.http().get(OpenApiRoutes.DOCUMENT).send().await(20, java.util.concurrent.TimeUnit.SECONDS)
      .bodyAsJsonObject();
    RedoclyLint.Report report = RedoclyLint.lint(document, dir);
    assertTrue(report.clean(), "redocly lint: " + report);
  }

  @Test
  void aDocumentWithNoCapabilityLintsClean(@TempDir Path dir) throws Exception {
    RedoclyLint.Report report = RedoclyLint.lint(OpenApiDocument.build(new JsonObject()), dir);
    assertTrue(report.clean(), "redocly lint: " + report);
  }
}
