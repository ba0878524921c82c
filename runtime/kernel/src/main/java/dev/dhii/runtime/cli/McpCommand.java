package dev.dhii.runtime.cli;

import dev.dhii.runtime.DhiiRuntime;
import dev.dhii.runtime.VertxFactory;
import dev.dhii.runtime.config.RuntimeOptions;
import dev.dhii.runtime.mcp.StdioProxy;
import dev.dhii.runtime.telemetry.Telemetry;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code dhii mcp}: the MCP stdio transport for desktop MCP hosts. With {@code --url} (or {@code DHII_URL}) it
 * proxies to that running runtime's {@code /mcp}, with {@code --token} (or {@code DHII_TOKEN}) as the bearer
 * token; without, it starts a runtime in this process (HTTP on a free loopback port, flags as for
 * {@code serve}) and proxies to it. Logs go to stderr; stdout carries only JSON-RPC, so this command writes to the
 * process's own streams, not picocli's writers.
 */
@Command(name = "mcp", description = "The MCP stdio transport for desktop MCP hosts: proxies to a running runtime, or"
  + " serves one in this process.")
final class McpCommand implements Callable<Integer> {

  @Option(names = "--url", paramLabel = "URL", description = "A running runtime (default: DHII_URL, else a runtime in this process).")
  String url;
  @Option(names = "--token", paramLabel = "TOKEN", description = "The bearer token (default: DHII_TOKEN).")
  String token;
  @Option(names = "--conf", paramLabel = "FILE", description = "The configuration of the in-process runtime.")
  String conf;
  @Option(names = "--plugins", paramLabel = "DIR", split = ",", description = "Plugin directories of the in-process runtime.")
  List<String> plugins;

  Map<String, String> env = System.getenv();
  InputStream in = System.in;
  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    String url = this.url != null ? this.url : env.get("DHII_URL");
    String token = this.token != null ? this.token : env.get("DHII_TOKEN");
    try {
      if (url != null && !url.isBlank()) {
        return new StdioProxy(url, token, out, err).run(in);
      }
      return inProcess(token, in, out, err);
    } catch (IOException e) {
      err.println("dhii mcp: " + e.getMessage());
      return 1;
    }
  }

  private int inProcess(String token, InputStream in, PrintStream out, PrintStream err) throws IOException {
    RuntimeOptions options = ServeCommand.options(conf, null, null, null, plugins);
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
