package dev.dhii.runtime.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** serve's options read without picocli are what picocli reads, and anything else is left to picocli. */
class ServePlainOptionsTest {

  private static List<Object> fields(ServeCommand c) {
    return Arrays.asList(c.conf, c.host, c.port, c.tcpPort, c.plugins, c.watch, c.cluster);
  }

  private static ServeCommand picocli(String... args) {
    ServeCommand command = new ServeCommand();
    CliConventions.apply(new CommandLine(command)).parseArgs(args);
    return command;
  }

  @Test
  void thePlainFormsAreReadAsPicocliReadsThem() {
    for (List<String> args : List.<List<String>>of(List.of(),
        List.of("--port", "0", "--tcp-port", "0", "--host", "127.0.0.1", "--plugins", "a,b", "--plugins", "c",
          "--conf", "conf/x.json", "--watch", "--cluster"),
        List.of("--port=1", "--port", "2", "--host=::1", "--tcp-port=7001"),
        List.of("--plugins=manifests", "--watch", "--watch"),
        List.of("--cluster", "--conf=a=b.json", "--plugins", "x y"),
        List.of("--port", "abc"))) {
      String[] a = args.toArray(String[]::new);
      ServeCommand plain = ServeCommand.plain(a);
      assertNotNull(plain, args.toString());
      assertEquals(fields(picocli(a)), fields(plain), args.toString());
    }
  }

  @Test
  void everythingElseIsPicocliS() {
    for (List<String> args : List.<List<String>>of(List.of("--help"), List.of("-h"), List.of("--port"), List.of("--port", "--host"),
        List.of("--port="), List.of("--watch=true"), List.of("extra"), List.of("--zzz"), List.of("--"),
        List.of("--plugins", "a,,b"), List.of("--plugins", ","), List.of("--plugins", "a,"), List.of("-p", "1"),
        List.of("--port", "0", "--prot", "1"))) {
      assertNull(ServeCommand.plain(args.toArray(String[]::new)), args.toString());
    }
  }
}
