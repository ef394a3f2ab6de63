package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link ZeekLineCheck}'s lookup of a line's log by the bytes of its {@code _path}. */
class ZeekLineCheckTest {
  /** The log number of {@code name} as it would sit in a line, any bytes after it. */
  private static int logNamed(String name, byte after) {
    byte[] text = ("{\"_path\":\"" + name).getBytes(StandardCharsets.US_ASCII);
    byte[] line = Arrays.copyOf(text, text.length + ByteLines.SLACK);
    Arrays.fill(line, text.length, line.length, after);
    line[text.length] = '"';
    return ZeekLineCheck.logNamed(line, 10, text.length);
  }

  @Test
  void eachLogIsFoundByItsNameAndNoOtherName() {
    for (byte after : new byte[] {'"', 'x', 0, (byte) 0xff}) {
      for (int i = 0; i < ZeekLineCheck.LOGS.length; i++) {
        assertThat(logNamed(ZeekLineCheck.LOGS[i], after)).isEqualTo(i);
      }
      String[] others = {
        "",
        "d",
        "dn",
        "dnsx",
        "dns_",
        "ssl2",
        "conn_long",
        "notice_policy",
        "x50",
        "weird",
        "DNS",
        "abcdefghijklmnop"
      };
      for (String other : others) {
        assertThat(logNamed(other, after)).as(other).isEqualTo(ZeekLineCheck.LOGS.length);
      }
    }
  }
}
