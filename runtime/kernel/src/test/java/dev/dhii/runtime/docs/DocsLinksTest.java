package dev.dhii.runtime.docs;

import dev.dhii.runtime.fixtures.EchoFixturePlugin;
import dev.dhii.runtime.testing.DhiiRuntimeExtension;
import dev.dhii.runtime.testing.TestManifests;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation cannot drift from the code: every relative link and anchor of README.md and docs/*.md resolves
 * inside the repository, every conf/runtime.json key is in docs/configuration.md, every command of the CLI is in
 * docs/cli.md and every route of a running runtime's OpenAPI document is in docs/http.md. (The commands in the
 * pages are run by .ci/smoke.d/docs.sh.)
 */
class DocsLinksTest {

  static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();

  // a test of the pages, not of the event loops: a cold first /openapi.json on a loaded machine may run 2 s
  @RegisterExtension
  static final DhiiRuntimeExtension dhii = DhiiRuntimeExtension.builder()
    .plugins(dir -> TestManifests.write(dir, "fx", EchoFixturePlugin.class, List.of("fx.echo", "fx.secure", "fx.whoami"), null))
    .blockedLoopLimits(2_000, 10_000)
    .build();

  static List<Path> pages() {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyRelativeLinkAndAnchorResolvesInsideTheRepository() {
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages()) {
      for (Markdown.Link link : Markdown.links(read(page))) {
        String target = link.target();
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        links++;
        String where = ROOT.relativize(page) + ":" + link.line() + " (" + target + ")";
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
          broken.add(where + ": outside the repository");
        } else if (!Files.exists(resolved)) {
          broken.add(where + ": no such file");
        } else if (hash >= 0 && !Markdown.anchors(read(resolved)).contains(target.substring(hash + 1))) {
          broken.add(where + ": no such heading in " + ROOT.relativize(resolved));
        }
      }
      assertFalse(read(page).contains("../shared"), ROOT.relativize(page) + " points outside the repository");
    }
    assertTrue(links > 100, "links found: " + links);
    assertEquals(List.of(), broken);
  }

  @Test
  void everyConfigurationKeyIsInTheConfigurationPage() {
    String page = read(ROOT.resolve("docs/configuration.md"));
    JsonObject conf = new JsonObject(read(ROOT.resolve("conf/runtime.json")));
    TreeSet<String> keys = new TreeSet<>();
    Markdown.leaves("", conf, keys);
    assertTrue(keys.size() > 80, "keys: " + keys.size());
    List<String> missing = keys.stream().filter(k -> !page.contains("`" + k + "`")).toList();
    assertEquals(List.of(), missing, "keys of conf/runtime.json missing from docs/configuration.md");
  }

  @Test
  void everyCommandIsInTheCliPage() {
    String page = read(ROOT.resolve("docs/cli.md"));
    TreeSet<String> commands = CliCommands.names();
    assertTrue(commands.containsAll(List.of("serve", "plugin create", "plugin install", "invoke", "token", "version")),
      "commands: " + commands);
    List<String> missing = commands.stream()
      .filter(c -> !Pattern.compile("(?m)^#{2,4} dhii " + Pattern.quote(c) + "$").matcher(page).find()).toList();
    assertEquals(List.of(), missing, "commands without a heading `## dhii <command>` in docs/cli.md");
  }

  @Test
  void everyRouteOfTheOpenApiDocumentIsInTheHttpPage() throws Exception {
    String page = read(ROOT.resolve("docs/http.md"));
    JsonObject document = dhii.http().get("/openapi.json").send().await(20, TimeUnit.SECONDS).bodyAsJsonObject();
    TreeSet<String> routes = new TreeSet<>();
    for (Map.Entry<String, Object> path : document.getJsonObject("paths")) {
      String route = path.getKey().replaceFirst("^/v1/capabilities/[^/{}]+/invoke$", "/v1/capabilities/{capabilityId}/invoke");
      for (String method : ((JsonObject) path.getValue()).fieldNames()) {
        if (!method.equals("parameters")) {
          routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + route);
        }
      }
    }
    assertTrue(routes.contains("POST /v1/capabilities/{capabilityId}/invoke"), "routes: " + routes);
    List<String> missing = routes.stream()
      .filter(r -> !Pattern.compile("`" + Pattern.quote(r) + "[` ]").matcher(page).find()).toList();
    assertEquals(List.of(), missing, "routes of /openapi.json missing from the table of docs/http.md");
  }
}
