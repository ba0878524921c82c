package dev.dhii.runtime.cli;

import java.util.Arrays;

/**
 * The {@code dhii} command line: {@code serve}, {@code token}, {@code plugin}, {@code invoke}, {@code version},
 * {@code help}. Exit codes: 0 success,
 * 1 runtime failure, 2 usage error.
 */
public final class Main {

  static final String VERSION = "0.1.0";

  private Main() {
  }

  /** @param args the command and its flags */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "serve" -> ServeCommand.run(Flags.parse(rest, ServeCommand.FLAGS));
        case "token" -> TokenCommand.run(Flags.parse(rest, TokenCommand.FLAGS));
        case "plugin" -> PluginCommand.run(rest, System.out, System.err);
        case "invoke" -> InvokeCommand.run(Flags.parse(rest, InvokeCommand.FLAGS), System.out, System.err);
        case "mcp" -> McpCommand.run(Flags.parse(rest, McpCommand.FLAGS), System.getenv(), System.in, System.out, System.err);
        case "capabilities" -> CapabilitiesCommand.run(Flags.parse(rest, CapabilitiesCommand.FLAGS), System.out, System.err);
        case "version", "--version" -> {
          System.out.println("dhii " + VERSION);
          yield 0;
        }
        default -> throw new UsageException("Unknown command: " + args[0]);
      };
    } catch (UsageException e) {
      System.err.println("dhii: " + e.getMessage());
      System.err.println(usage());
      return 2;
    }
  }

  static String usage() {
    return """
      Usage: dhii <command> [flags]
        serve [--conf FILE] [--host HOST] [--port PORT] [--plugins DIR[,DIR]] [--watch] [--cluster] [--tcp-port PORT]
                       run the runtime (HTTP on 127.0.0.1:8080, TCP bridge on 127.0.0.1:7000 by default);
                       --watch redeploys a plugin when files in its directory change;
                       --cluster joins the Hazelcast cluster of conf/cluster.xml
        token --sub USER [--role ROLE]... [--ttl 1h|30m|3600s] [--conf FILE]
                       print a development JWT signed with the configured HS256 secret
        plugin create NAME [--lang java|python] [--package P] [--dir DIR]
                       scaffold a plugin in DIR/NAME (default DIR: as install's) with one capability
                       NAME.hello and a test that passes; P: the Java package or the Python module
        plugin validate PATH
                       check a plugin directory (or its manifest.json): manifest, classpath,
                       forbidden calls, entrypoint and capabilities; prints OK <id> <version>
        plugin bundle PATH [--out FILE]
                       validate, then write <id>-<version>.zip with SHA256SUMS
        plugin install BUNDLE [--plugins DIR] [--force] [--conf FILE]
                       verify a bundle and extract it into DIR/<id> (default: the first writable
                       plugin directory other than the bundled manifests/, normally plugins/)
        invoke CAPABILITY --data JSON|@FILE [--url URL] [--token T] [--timeout-ms N]
                       call a capability over HTTP (default http://127.0.0.1:8080), print the result
        mcp [--url URL] [--token T] [--conf FILE] [--plugins DIR[,DIR]]
                       the MCP stdio transport for desktop MCP hosts: proxies to the runtime at URL
                       (or DHII_URL; token from DHII_TOKEN), else serves a runtime in this process
        capabilities list|describe ID [--url URL] [--token T]
                       a running runtime's capabilities, one a line (id, state, plugin, auth,
                       description), or one capability's entry with its input and output schemas
        version        print the version
        help           print this text
      Environment: DHII_HTTP_HOST, DHII_HTTP_PORT, DHII_PLUGIN_DIRS, DHII_DATA_DIR, DHII_JWT_SECRET,
        DHII_JWT_PUBLIC_KEY, DHII_JWT_ALGORITHM, DHII_CLUSTER_MEMBERS, DHII_CLUSTER_HOST, DHII_CLUSTER_PORT,
        DHII_EVENTBUS_PORT, DHII_TCP_BRIDGE_HOST, DHII_TCP_BRIDGE_PORT override conf/runtime.json.""";
  }
}
