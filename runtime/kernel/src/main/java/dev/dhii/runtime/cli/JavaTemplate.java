package dev.dhii.runtime.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.lang.model.SourceVersion;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code dhii plugin create NAME --lang java}: a Maven project building {@code target/NAME.jar}, with a JUnit 5
 * test on the plugin test kit; dhii-api and dhii-testkit resolve from the file repository the runtime's build
 * lays out in {@code runtime/testkit/target/repository}.
 */
final class JavaTemplate {

  /** Where the runtime's build lays out its artifacts, relative to the home. */
  static final String REPOSITORY = "runtime/testkit/target/repository";
  private static final Pattern SEGMENT = Pattern.compile("[a-z_][a-z0-9_]*");

  private JavaTemplate() {
  }

  /** @return the default package of a plugin: {@code com.example.<name without dashes>} */
  static String defaultPackage(String name) {
    String last = name.replace("-", "");
    return "com.example." + (SourceVersion.isKeyword(last) ? last + "_" : last);
  }

  /** @param pkg a --package value @return why it is not a Java package for a plugin, or null when it is */
  static String packageProblem(String pkg) {
    if (pkg.isEmpty()) {
      return "it is empty";
    }
    for (String segment : pkg.split("\\.", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        return "\"" + segment + "\" is not a lowercase Java identifier (a-z, 0-9, '_', not starting with a digit)";
      }
      if (SourceVersion.isKeyword(segment)) {
        return "\"" + segment + "\" is a Java keyword";
      }
    }
    if (pkg.equals("dev.dhii") || pkg.startsWith("dev.dhii.") || pkg.equals("java") || pkg.startsWith("java.")
      || pkg.startsWith("javax.") || pkg.startsWith("io.vertx.")) {
      return "it is a package of the runtime or the JDK";
    }
    return null;
  }

  /**
   * @param name the plugin's id
   * @param pkg its Java package (valid)
   * @param defaultDir where create writes plugins by default (named in the README)
   * @return the files by relative path
   */
  static Map<String, String> files(String name, String pkg, Path defaultDir) {
    String type = PluginTemplates.javaType(name) + "Plugin";
    Path repository = PluginTemplates.home().resolve(REPOSITORY);
    Map<String, String> values = new LinkedHashMap<>(Map.of("name", name, "package", pkg,
      "packagePath", pkg.replace('.', '/'), "type", type, "apiVersion", PluginTemplates.API_VERSION,
      "junitVersion", PluginTemplates.JUNIT_VERSION, "jar", PluginTemplates.jarPath(name), "groupId", pkg,
      "repository", repository.toUri().toString(), "repositoryPath", repository.toString()));
    values.put("home", PluginTemplates.home().toString());
    values.put("defaultDir", defaultDir.toString());
    JsonObject manifest = PluginTemplates.manifest(name, new JsonObject().put("runtime", "jvm")
      .put("entrypoint", pkg + "." + type).put("classpath", new JsonArray().add(PluginTemplates.jarPath(name))));
    Map<String, String> files = new LinkedHashMap<>();
    String dir = pkg.replace('.', '/') + "/";
    files.put("manifest.json", manifest.encodePrettily() + "\n");
    files.put("pom.xml", PluginTemplates.fill("java/pom.xml", values));
    files.put("src/main/java/" + dir + type + ".java", PluginTemplates.fill("java/Plugin.java", values));
    files.put("src/test/java/" + dir + type + "Test.java", PluginTemplates.fill("java/PluginTest.java", values));
    files.put("src/test/resources/logback-test.xml", PluginTemplates.fill("java/logback-test.xml", values));
    files.put("README.md", PluginTemplates.fill("java/README.md", values));
    files.put(".gitignore", "target/\n");
    return files;
  }
}
