package dev.dhii.runtime.bus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressesTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @Test
  void processAddressesCarryThePluginAndTheToken() {
    assertEquals("dhii.proc.mail." + TOKEN + ".calls", Addresses.processCalls("mail", TOKEN));
    assertEquals("dhii.proc.mail." + TOKEN + ".announce", Addresses.processAnnounce("mail", TOKEN));
  }

  @Test
  void theBridgeRegexesMatchExactlyTheProcessAddresses() {
    assertEquals("dhii\\.proc\\.[^.]+\\.[0-9a-f]{32}\\.calls", Addresses.PROCESS_CALLS_REGEX);
    assertEquals("dhii\\.proc\\.[^.]+\\.[0-9a-f]{32}\\.announce", Addresses.PROCESS_ANNOUNCE_REGEX);
    assertTrue(Addresses.processCalls("mail", TOKEN).matches(Addresses.PROCESS_CALLS_REGEX));
    assertTrue(Addresses.processAnnounce("mail", TOKEN).matches(Addresses.PROCESS_ANNOUNCE_REGEX));
    assertFalse(Addresses.processCalls("mail", TOKEN).matches(Addresses.PROCESS_ANNOUNCE_REGEX));
    assertFalse(Addresses.processCalls("mail", "notatoken").matches(Addresses.PROCESS_CALLS_REGEX));
    assertFalse(Addresses.processCalls("a.b", TOKEN).matches(Addresses.PROCESS_CALLS_REGEX));
    assertFalse(("dhiiXproc.mail." + TOKEN + ".calls").matches(Addresses.PROCESS_CALLS_REGEX));
  }
}
