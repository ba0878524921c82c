package dev.dhii.runtime.docs;

import picocli.CommandLine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of {@code dhii}, qualified ({@code plugin create}): from the picocli tree when the command line is
 * one (its root {@code DhiiCommand}, {@code Main} a {@code @Command}, or a static method of Main answering a
 * {@code CommandLine}), else from the
 * lines of {@code dhii help} ({@code Main.usage()}). Read by reflection, so that either form compiles.
 */
final class CliCommands {

  private static final Pattern USAGE_LINE = Pattern.compile("^  ([a-z]+)(?: ([a-z][a-z-]*))?");

  private CliCommands() {
  }

  static TreeSet<String> names() {
    try {
      Class<?> root = root();
      if (root != null) {
        return walk(new CommandLine(root), "", new TreeSet<>());
      }
      Class<?> main = Class.forName("dev.dhii.runtime.cli.Main");
      if (main.isAnnotationPresent(CommandLine.Command.class)) {
        return walk(new CommandLine(main), "", new TreeSet<>());
      }
      for (Method method : main.getDeclaredMethods()) {
        if (Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0
            && CommandLine.class.isAssignableFrom(method.getReturnType())) {
          method.setAccessible(true);
          return walk((CommandLine) method.invoke(null), "", new TreeSet<>());
        }
      }
      Method usage = main.getDeclaredMethod("usage");
      usage.setAccessible(true);
      return fromUsage((String) usage.invoke(null));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot read the commands of dev.dhii.runtime.cli.Main", e);
    }
  }

  /** The root command of the picocli tree, {@code DhiiCommand}, or null when there is none. */
  private static Class<?> root() {
    try {
      Class<?> root = Class.forName("dev.dhii.runtime.cli.DhiiCommand");
      return root.isAnnotationPresent(CommandLine.Command.class) ? root : null;
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  static TreeSet<String> walk(CommandLine command, String prefix, TreeSet<String> into) {
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      CommandLine child = sub.getValue();
      if (!sub.getKey().equals(child.getCommandName()) || child.getCommandSpec().usageMessage().hidden()
          || !prefix.isEmpty() && child.getCommand() instanceof CommandLine.HelpCommand) {
        continue; // an alias, hidden, or picocli's help under a group (dhii help covers it)
      }
      String name = prefix + child.getCommandName();
      into.add(name);
      walk(child, name + " ", into);
    }
    return into;
  }

  static TreeSet<String> fromUsage(String usage) {
    TreeSet<String> names = new TreeSet<>();
    for (String line : usage.split("\n")) {
      Matcher m = USAGE_LINE.matcher(line);
      if (m.find()) {
        names.add(m.group(1).equals("plugin") && m.group(2) != null ? "plugin " + m.group(2) : m.group(1));
      }
    }
    return names;
  }
}
