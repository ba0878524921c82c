package dev.dhii.runtime.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code dhii plugin create <name> [--lang java|python] [--dir DIR]}: scaffolds {@code <dir>/<name>/}, a plugin
 * with one capability {@code <name>.hello} and a manifest that validates.
 */
final class CreateCommand {

  static final Set<String> FLAGS = Set.of("lang", "dir");
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
    Map<String, String> files = switch (lang) {
      case "java" -> PluginTemplates.java(name);
      case "python" -> PluginTemplates.python(name);
      case "node" -> NodeTemplate.files(name);
      default -> throw new UsageException("--lang must be java, python or node, not " + lang);
    };
    Path target = Path.of(flags.has("dir") ? flags.get("dir") : ".").resolve(name).toAbsolutePath().normalize();
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
