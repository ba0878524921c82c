package dev.dhii.runtime.cli;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.mcp.StdioProxy;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code dhii mcp}: the MCP stdio transport for desktop MCP hosts. With {@code --url} (or {@code DHII_URL}) it
 * proxies to that running runtime's {@code /mcp}, with {@code --token} (or {@code DHII_TOKEN}) as the bearer
 * token; without, it starts a runtime in this process (HTTP on a free loopback port, flags as for
 * {@code serve}) and proxies to it. Logs go to stderr; stdout carries only JSON-RPC.
 */
final class McpCommand {

  static final Set<String> FLAGS = Set.of("url", "token", "conf", "plugins");

  private McpCommand() {
  }

  static int run(Flags flags, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    String url = flags.has("url") ? flags.get("url") : env.get("DHII_URL");
    String token = flags.has("token") ? flags.get("token") : env.get("DHII_TOKEN");
    try {
      if (url != null && !url.isBlank()) {
        return new StdioProxy(url, token, out, err).run(in);
      }
      return inProcess(flags, token, in, out, err);
    } catch (IOException e) {
      err.println("dhii mcp: " + e.getMessage());
      return 1;
    }
  }

  private static int inProcess(Flags flags, String token, InputStream in, PrintStream out, PrintStream err) throws IOException {
    RuntimeOptions options = ServeCommand.options(flags);
    options.setHttpHost("127.0.0.1");
    options.setHttpPort(0);
    options.setTcpBridgePort(0); // beside a runtime already serving on the default port
    Telemetry telemetry = Telemetry.create(options.telemetry());
    Vertx vertx = null;
    DhiiRuntime runtime = null;
    try {
      vertx = VertxFactory.create(options, telemetry, false).await(2, TimeUnit.MINUTES);
      runtime = DhiiRuntime.start(vertx, options, telemetry).await(5, TimeUnit.MINUTES);
      return new StdioProxy("http://127.0.0.1:" + runtime.httpPort(), token, out, err).run(in);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      err.println("dhii mcp: the runtime did not start: " + e.getMessage());
      return 1;
    } finally {
      try {
        if (runtime != null) {
          runtime.stop().await(options.drainTimeoutMs() + 2 * options.stepTimeoutMs(), TimeUnit.MILLISECONDS);
        }
        if (vertx != null) {
          vertx.close().await(30, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        err.println("dhii mcp: did not stop cleanly: " + e);
      }
      telemetry.close();
    }
  }
}
