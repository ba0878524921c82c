package dev.dhii.runtime.openapi;

import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /docs}: the runtime's own page, every asset it names served by the runtime from the webjar. */
class DocsPageTest {

  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder().build();

  static HttpResponse<Buffer> get(String path) throws Exception {
    return dhii.http().get(path).send().await(20, TimeUnit.SECONDS);
  }

  @Test
  void thePageNamesNoOtherSiteAndEveryAssetItLoadsIsServedHere() throws Exception {
    HttpResponse<Buffer> page = get("/docs");
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("content-type").startsWith("text/html"));
    String html = page.bodyAsString();
    assertFalse(html.contains("http:") || html.contains("https:") || html.contains("//cdn"), html);
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    int assets = 0;
    while (refs.find()) {
      HttpResponse<Buffer> asset = get(refs.group(1));
      assertEquals(200, asset.statusCode(), refs.group(1));
      assertTrue(asset.body().length() > 100, refs.group(1));
      assets++;
    }
    assertEquals(5, assets);
    assertTrue(get("/docs/assets/swagger-ui-bundle.js").body().length() > 1_000_000);
    String script = get(OpenApiRoutes.SCRIPT).bodyAsString();
    assertTrue(script.contains("url: \"/openapi.json\"") && script.contains("validatorUrl: null"), script);
  }

  @Test
  void theWebjarsOwnPageAndUnlistedFilesAreNotServed() throws Exception {
    for (String path : new String[] {"/docs/assets/index.html", "/docs/assets/swagger-initializer.js",
      "/docs/assets/", "/docs/assets/../../META-INF/MANIFEST.MF"}) {
      HttpResponse<Buffer> response = get(path);
      assertEquals(404, response.statusCode(), path);
      assertEquals("NOT_FOUND", response.bodyAsJsonObject().getJsonObject("error").getString("code"), path);
    }
    assertEquals(get("/docs").bodyAsString(), get("/docs/").bodyAsString(), "the page with a trailing slash too");
  }
}
