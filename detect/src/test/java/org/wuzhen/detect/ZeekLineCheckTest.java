package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link ZeekLineCheck}'s lookup of a line's log by the bytes of its {@code _path}, and its check
 * of a time's text against the grammar it stands for.
 */
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

  private static final java.util.regex.Pattern TIME =
      java.util.regex.Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]+)?Z");

  /** What {@link ZeekLineCheck#isoTime} stands for, written as the grammar and the calendar. */
  private static boolean reference(String text) {
    java.util.regex.Matcher m = TIME.matcher(text);
    if (text.length() > 30 || !m.matches()) {
      return false;
    }
    try {
      java.time.LocalDate.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (java.time.DateTimeException e) {
      return false;
    }
    return Integer.parseInt(m.group(4)) <= 23
        && Integer.parseInt(m.group(5)) <= 59
        && Integer.parseInt(m.group(6)) <= 59;
  }

  @Test
  void timesAreCheckedAsTheGrammarAndTheCalendarSay() {
    // Runs of times of one day (the day is then not checked again) with one byte changed now and
    // then to a byte next to a digit, a colon or a dash, or beyond ASCII, and days that do not
    // exist; each text in a line's bytes, a quote and stale bytes after it.
    byte[] near = {
      '/', ':', ';', '-', '.', 'T', 'Z', ' ', '0', '9', 0x00, (byte) 0xfa, (byte) 0xff
    };
    String[] days = {"2018-03-24", "2020-02-29", "2019-02-29", "2018-13-01", "2018-04-31"};
    java.util.Random r = new java.util.Random(67);
    ZeekLineCheck check = new ZeekLineCheck(() -> null);
    int accepted = 0;
    int refused = 0;
    for (int n = 0; n < 100_000; n++) {
      String day = days[n / 1000 % 3 == 0 ? r.nextInt(days.length) : 0];
      String fraction = r.nextInt(10) == 0 ? "" : "." + "123456789".substring(0, r.nextInt(10));
      String text =
          day
              + String.format("T%02d:%02d:%02d", r.nextInt(26), r.nextInt(62), r.nextInt(62))
              + fraction
              + "Z";
      byte[] bytes = ("\"" + text + "\"").getBytes(StandardCharsets.ISO_8859_1);
      if (r.nextInt(4) == 0) {
        bytes[1 + r.nextInt(text.length())] = near[r.nextInt(near.length)];
      }
      byte[] line = Arrays.copyOf(bytes, bytes.length + ByteLines.SLACK);
      for (int i = bytes.length; i < line.length; i++) {
        line[i] = near[r.nextInt(near.length)];
      }
      String as = new String(bytes, StandardCharsets.ISO_8859_1);
      boolean expected = reference(as.substring(1, as.length() - 1));
      assertThat(check.isoTime(line, 1, bytes.length - 1)).as(as).isEqualTo(expected);
      if (expected) {
        accepted++;
        assertThat(JsonZeekRecord.isoTime(as.substring(1, as.length() - 1))).isNotNull();
      } else {
        refused++;
      }
    }
    assertThat(accepted).as("accepted").isGreaterThan(30_000);
    assertThat(refused).as("refused").isGreaterThan(30_000);
  }
}
