package dev.dhii.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code dhii plugin create <name> [--lang java|python|node] [--package P] [--dir DIR]}: scaffolds {@code <dir>/<name>/},
 * a plugin with one capability {@code <name>.hello}, a manifest that validates and a test that passes; DIR is by
 * default the plugin directory {@code install} uses (normally {@code <home>/plugins}), so a runtime started with
 * {@code --watch} serves it once built.
 */
@Command(name = "create", description = "Scaffold a plugin in DIR/NAME with one capability NAME.hello.")
final class CreateCommand implements Callable<Integer> {

  /** The manifest schema's pattern of a plugin id. */
  static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

  @Spec
  CommandSpec spec;
  @Parameters(index = "0", paramLabel = "NAME", description = "The plugin id: a lowercase letter, then a-z, 0-9 and '-'.")
  String name;
  @Option(names = "--lang", paramLabel = "LANG", defaultValue = "java", completionCandidates = Languages.class,
    description = "java, python or node.")
  String lang;
  @Option(names = "--package", paramLabel = "P", description = "The Java package of the generated classes (default: com.example.<name>), or the"
    + " Python module (default: plugin); not for node.")
  String packageName;
  @Option(names = "--dir", paramLabel = "DIR", description = "Where to create NAME/ (default: the first writable plugin"
    + " directory of the configuration other than the bundled manifests/, normally $DHII_HOME/plugins).")
  Path dir;

  /** The values of {@code --lang}. */
  static final class Languages extends java.util.ArrayList<String> {
    static final java.util.List<String> VALUES = java.util.List.of("java", "python", "node");

    Languages() {
      super(VALUES);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!ID.matcher(name).matches()) {
      throw new UsageException("invalid plugin name \"" + name
        + "\": it must start with a lowercase letter and hold only a-z, 0-9 and '-'");
    }
    if (!Languages.VALUES.contains(lang)) {
      throw new UsageException("--lang must be java, python or node, not " + lang);
    }
    Path base = dir != null ? dir : InstallCommand.defaultDirectory((String) null);
    Path target = base.resolve(name).toAbsolutePath().normalize();
    Map<String, String> files;
    if (lang.equals("node")) {
      if (packageName != null) {
        throw new UsageException("--package names a Java package or a Python module; a node plugin has neither");
      }
      files = NodeTemplate.files(name);
    } else {
      String pkg = packageName != null ? packageName
        : lang.equals("java") ? JavaTemplate.defaultPackage(name) : PythonTemplate.DEFAULT_MODULE;
      String problem = lang.equals("java") ? JavaTemplate.packageProblem(pkg) : PythonTemplate.moduleProblem(pkg);
      if (problem != null) {
        throw new UsageException("invalid --package \"" + pkg + "\": " + problem);
      }
      Path defaultDir = target.getParent();
      files = lang.equals("java") ? JavaTemplate.files(name, pkg, defaultDir) : PythonTemplate.files(name, pkg, defaultDir);
    }
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
