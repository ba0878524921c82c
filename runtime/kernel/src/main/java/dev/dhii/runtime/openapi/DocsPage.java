package dev.dhii.runtime.openapi;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code /docs} page: swagger-ui from the webjar on the class path, on {@code /openapi.json}. The page and its
 * start script are the runtime's own; the assets are the webjar's, at {@code /docs/assets/}.
 */
final class DocsPage {

  /** The webjar's files the page loads. */
  static final Set<String> ASSETS = Set.of("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png",
    "favicon-16x16.png");
  /** The webjar's version, from its Maven properties; null when the webjar is not on the class path. */
  static final String VERSION = webjarVersion();
  /** The class-path folder of the assets, or null without the webjar. */
  static final String WEBROOT = VERSION == null ? null : "META-INF/resources/webjars/swagger-ui/" + VERSION;

  static final Buffer HTML = Buffer.buffer("""
    <!DOCTYPE html>
    <html lang="en">
    <head>
      <meta charset="UTF-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Dhii runtime API</title>
      <link rel="stylesheet" type="text/css" href="/docs/assets/swagger-ui.css">
      <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
      <link rel="icon" type="image/png" href="/docs/assets/favicon-16x16.png" sizes="16x16">
    </head>
    <body>
      <div id="swagger-ui"></div>
      <script src="/docs/assets/swagger-ui-bundle.js" charset="UTF-8"></script>
      <script src="/docs/dhii-docs.js" charset="UTF-8"></script>
    </body>
    </html>
    """);

  static final Buffer SCRIPT = Buffer.buffer("""
    // swagger-ui on this runtime's document; validatorUrl null: no badge fetched from the online validator
    window.addEventListener("load", function () {
      window.ui = SwaggerUIBundle({
        url: "/openapi.json",
        dom_id: "#swagger-ui",
        deepLinking: true,
        validatorUrl: null,
        tryItOutEnabled: true,
        displayRequestDuration: true,
        presets: [SwaggerUIBundle.presets.apis],
        layout: "BaseLayout"
      });
    });
    """);

  private DocsPage() {
  }

  private static String webjarVersion() {
    try (InputStream in = DocsPage.class.getClassLoader()
      .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      return null;
    }
  }
}
