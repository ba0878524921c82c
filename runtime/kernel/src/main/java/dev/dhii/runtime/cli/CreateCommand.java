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
 * {@code dhii plugin create <name> [--lang java|python] [--dir DIR]}: scaffolds {@code <dir>/<name>/}, a plugin
 * with one capability {@code <name>.hello} and a manifest that validates.
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
  @Option(names = "--package", paramLabel = "P", description = "The Java package of the generated classes.")
  String packageName;
  @Option(names = "--dir", paramLabel = "DIR", description = "Where to create NAME/ (default: the first writable plugin"
    + " directory of the configuration other than the bundled manifests/, normally $DHII_HOME/plugins).")
  Path dir;

  /** The values of {@code --lang}. */
  static final class Languages extends java.util.ArrayList<String> {
    Languages() {
      super(java.util.List.of("java", "python", "node"));
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
    if (packageName != null) { // TODO(scaffold): hand packageName to the Java template instead of refusing
      throw new UsageException("--package: not part of this build yet");
    }
    Map<String, String> files = switch (lang) {
      case "java" -> PluginTemplates.java(name);
      case "python" -> PluginTemplates.python(name);
      case "node" -> NodeTemplate.files(name);
      default -> throw new UsageException("--lang must be java, python or node, not " + lang);
    };
    Path base = dir != null ? dir : InstallCommand.defaultDirectory((String) null);
    Path target = base.resolve(name).toAbsolutePath().normalize();
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
    out.println("Next: see " + target.resolve("README.md"));
    return 0;
  }
}
