package dev.dhii.runtime.tcp;


import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the TCP bridge lets through (default-deny). Inbound: requests and sends to capability addresses
 * ({@code dhii.cap.*}) only, never a publish. Outbound: the replies to those requests only; a client
 * cannot register a consumer, so it never sees the runtime's internal addresses ({@code dhii.node.*},
 * {@code dhii.events}, kernel to plugin).
 */
public final class BridgeAccess {

  /** The addresses a bridged client may send requests to. */
  public static final String CAPABILITY_ADDRESSES = "dhii\\.cap\\..+";

  private final List<String> inbound;
  private final List<String> outbound;
  private final List<Pattern> inboundPatterns;
  private final List<Pattern> outboundPatterns;

  private BridgeAccess(List<String> inbound, List<String> outbound) {
    this.inbound = List.copyOf(inbound);
    this.outbound = List.copyOf(outbound);
    this.inboundPatterns = this.inbound.stream().map(Pattern::compile).toList();
    this.outboundPatterns = this.outbound.stream().map(Pattern::compile).toList();
  }

  /** @param address an address @return whether a bridged client may send to it */
  public boolean inbound(String address) {
    return inboundPatterns.stream().anyMatch(p -> p.matcher(address).matches());
  }

  /** @param address an address @return whether a bridged client may register a consumer on it */
  public boolean outbound(String address) {
    return outboundPatterns.stream().anyMatch(p -> p.matcher(address).matches());
  }

  /** @return capability requests in, their replies out, nothing else */
  public static BridgeAccess capabilities() {
    return new BridgeAccess(List.of(CAPABILITY_ADDRESSES), List.of());
  }

  /**
   * For process plugins (DESIGN §11): a process plugin connected to the bridge also sends to the addresses of
   * {@code inboundRegex} (announcements to the kernel) and registers consumers on those of {@code outboundRegex}
   * (the kernel's calls to it). Keep both to the plugins' own addresses; the connection's registrations are
   * removed when it closes.
   *
   * @param inboundRegex addresses a process plugin may send to
   * @param outboundRegex addresses a process plugin may consume
   * @return this access, plus those addresses
   */
  public BridgeAccess withProcessPluginAddresses(String inboundRegex, String outboundRegex) {
    List<String> in = new ArrayList<>(inbound);
    in.add(inboundRegex);
    List<String> out = new ArrayList<>(outbound);
    out.add(outboundRegex);
    return new BridgeAccess(in, out);
  }
}
