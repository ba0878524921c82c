package dev.dhii.runtime.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code dhii plugin create <name> [--lang java|python] [--package P] [--dir DIR]}: scaffolds {@code <dir>/<name>/},
 * a plugin with one capability {@code <name>.hello}, a manifest that validates and a test that passes; DIR is by
 * default the plugin directory {@code install} uses (normally {@code <home>/plugins}), so a runtime started with
 * {@code --watch} serves it once built.
 */
final class CreateCommand {

  static final Set<String> FLAGS = Set.of("lang", "package", "dir");
  /** The manifest schema's pattern of a plugin id. */
  static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

  private CreateCommand() {
  }

  static int run(Flags flags, PrintStream out, PrintStream err) {
    String name = PluginCommand.onePath(flags, "plugin create");
    if (!ID.matcher(name).matches()) {
      throw new UsageException("invalid plugin name \"" + name
        + "\": it must start with a lowercase letter and hold only a-z, 0-9 and '-'");
    }
    String lang = flags.has("lang") ? flags.get("lang") : "java";
    if (!lang.equals("java") && !lang.equals("python")) {
      throw new UsageException("--lang must be java or python, not " + lang);
    }
    Path dir = flags.has("dir") ? Path.of(flags.get("dir")) : InstallCommand.defaultDirectory(flags);
    Path target = dir.resolve(name).toAbsolutePath().normalize();
    String pkg = flags.has("package") ? flags.get("package")
      : lang.equals("java") ? JavaTemplate.defaultPackage(name) : PythonTemplate.DEFAULT_MODULE;
    String problem = lang.equals("java") ? JavaTemplate.packageProblem(pkg) : PythonTemplate.moduleProblem(pkg);
    if (problem != null) {
      throw new UsageException("invalid --package \"" + pkg + "\": " + problem);
    }
    Path defaultDir = target.getParent();
    Map<String, String> files = lang.equals("java") ? JavaTemplate.files(name, pkg, defaultDir)
      : PythonTemplate.files(name, pkg, defaultDir);
    if (Files.exists(target)) {
      throw new UsageException(target + " already exists; choose another name or --dir");
    }
    try {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path path = target.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
    } catch (IOException e) {
      err.println("dhii plugin create: cannot write " + target + ": " + e.getMessage());
      return 1;
    }
    out.println("Created " + lang + " plugin " + name + " in " + target);
    files.keySet().forEach(f -> out.println("  " + f));
    out.println("Next:");
    if (lang.equals("java")) {
      Path repository = PluginTemplates.home().resolve(JavaTemplate.REPOSITORY);
      if (!Files.isDirectory(repository)) {
        err.println("dhii plugin create: " + repository + " (dhii-api, dhii-testkit) is not built yet: run"
          + " `mvn -q -DskipTests package` in " + PluginTemplates.home() + " first");
      }
      out.println("  mvn -q -f " + target + " package      # builds " + PluginTemplates.jarPath(name) + ", runs its test");
    } else {
      out.println("  cd " + target + " && python3 -m venv .venv && .venv/bin/pip install -r requirements.txt pytest"
        + " && .venv/bin/pytest");
    }
    out.println("  dhii invoke " + name + ".hello --data '{\"name\":\"Ada\"}'   # with `dhii serve --watch` running");
    return 0;
  }
}
