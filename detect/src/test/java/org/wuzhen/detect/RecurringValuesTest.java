package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wuzhen.detect.Fixtures.indicator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Zeek JSON lines whose values recur some lines apart, moving between fields and logs, through the
 * line-rate reader against the exact one ({@link LineRateDifferential}): the misses each log keeps
 * per field ({@link MissMemo}, {@link MissCache}) must never answer for a value in another field,
 * another log, another plan or another spelling of it.
 */
class RecurringValuesTest {
  /** Addresses, names and certificates; some hit the plan below, most do not. */
  private static final List<String> VALUES =
      List.of(
          "134.71.3.16",
          "10.47.3.5",
          "10.47.1.100",
          "10.0.0.100",
          "10.0.0.1",
          "fe80::1",
          "2001:db8::7",
          "ise.wrccdc.org",
          "www2.wrccdc.org",
          "x.wrccdc.cpp.edu",
          "wrccdc.cpp.edu",
          "nothing.example",
          "something.example",
          "b2dafbcdbc75210672f137f27ce882ccb799887631655d4f11191d5a678e44fe",
          "c2dafbcdbc75210672f137f27ce882ccb799887631655d4f11191d5a678e44fe",
          "a.very.long.name.that.does.not.fit.in.thirty.two.bytes.example",
          "");

  private static final DetectionEngine PLAN =
      DetectionEngine.compile(
          List.of(
              indicator(1, "[ipv4-addr:value = '134.71.3.16']"),
              indicator(2, "[domain-name:value = 'ise.wrccdc.org']"),
              indicator(3, "[domain-name:value LIKE '%.wrccdc.cpp.edu']"),
              indicator(4, "[ipv4-addr:value ISSUBSET '10.47.3.0/24']"),
              indicator(
                  5,
                  "[x509-certificate:hashes.'SHA-256' = "
                      + "'b2dafbcdbc75210672f137f27ce882ccb799887631655d4f11191d5a678e44fe']"),
              indicator(6, "[domain-name:value MATCHES '^www[0-9]*\\\\.']"),
              indicator(7, "[ipv6-addr:value ISSUBSET 'fe80::/10']"),
              indicator(8, "[domain-name:value = '10.0.0.1']")));

  /** A value as a JSON string, now and then spelled with an escape (the same text). */
  private static String quoted(String value, Random r) {
    if (!value.isEmpty() && r.nextInt(10) == 0) {
      int at = r.nextInt(value.length());
      return "\""
          + value.substring(0, at)
          + "\\u00"
          + Integer.toHexString(value.charAt(at))
          + value.substring(at + 1)
          + "\"";
    }
    return "\"" + value + "\"";
  }

  private static String pick(Random r) {
    // A few values most of the time, as a sensor's clients and resolvers: recurring past the line
    // before, which is what the cache is for.
    return VALUES.get(r.nextInt(4) == 0 ? r.nextInt(VALUES.size()) : r.nextInt(5));
  }

  private static String dns(Random r, int i) {
    return "{\"_path\":\"dns\",\"ts\":\"2018-03-24T17:15:20.%06dZ\",\"uid\":\"C%d\","
            .formatted(i, i)
        + "\"id.orig_h\":"
        + quoted(pick(r), r)
        + ",\"id.orig_p\":41772,"
        + "\"id.resp_h\":"
        + quoted(pick(r), r)
        + ",\"id.resp_p\":53,\"proto\":\"udp\","
        + "\"query\":"
        + quoted(pick(r), r)
        + ",\"qtype_name\":\"A\","
        + "\"answers\":["
        + quoted(pick(r), r)
        + ","
        + quoted(pick(r), r)
        + "],"
        + "\"TTLs\":[2230.0,41830.0],\"rejected\":false}";
  }

  private static String ssl(Random r, int i) {
    return "{\"_path\":\"ssl\",\"ts\":\"2018-03-24T17:15:21.%06dZ\",\"uid\":\"C%d\","
            .formatted(i, i)
        + "\"id.orig_h\":"
        + quoted(pick(r), r)
        + ",\"id.orig_p\":39611,"
        + "\"id.resp_h\":"
        + quoted(pick(r), r)
        + ",\"id.resp_p\":443,"
        + "\"server_name\":"
        + quoted(pick(r), r)
        + ","
        + "\"cert_chain_fps\":["
        + quoted(pick(r), r)
        + "],\"established\":true}";
  }

  @Test
  void aMissIsRememberedForItsOwnFieldLogAndTextOnly() {
    for (long seed = 1; seed <= 4; seed++) {
      Random r = new Random(seed);
      StringBuilder file = new StringBuilder();
      for (int i = 0; i < 5_000; i++) {
        file.append(r.nextInt(3) == 0 ? ssl(r, i) : dns(r, i)).append('\n');
      }
      LineRateDifferential.Outcome fast =
          LineRateDifferential.agree(
              "mixed.json", file.toString().getBytes(StandardCharsets.US_ASCII), PLAN);
      assertThat(fast.unmatched()).as("lines cleared by the probes, not read whole").isPositive();
      assertThat(fast.matches()).as("lines that match").isNotEmpty();
    }
  }

  @Test
  void aPlanChangedWhileReadingForgetsTheMissesOfTheOld() throws Exception {
    Random r = new Random(7);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      text.append(dns(r, i)).append('\n');
    }
    byte[] file = text.toString().getBytes(StandardCharsets.US_ASCII);
    DetectionEngine before =
        DetectionEngine.compile(List.of(indicator(9, "[ipv4-addr:value = '192.0.2.1']")));
    int[] asked = {0};
    // The plan is asked for once per line looked at: the new one from the 1,000th line on.
    java.util.function.Supplier<RawProbe> probe =
        () -> ++asked[0] < 1_000 ? before.zeekProbe() : PLAN.zeekProbe();
    java.util.Set<String> built = new java.util.HashSet<>();
    ZeekReader.read(
        "dns.json",
        new java.io.ByteArrayInputStream(file),
        ObservableTypes.ALL,
        probe,
        e -> built.add(e.source()),
        n -> {});
    int checked = 0;
    for (Event e : LineRateDifferential.exact("dns.json", file, PLAN).events()) {
      long line = Long.parseLong(e.source().substring(e.source().indexOf(':') + 1));
      if (line > 1_000 && !PLAN.match(e).isEmpty()) {
        assertThat(built).as("a line of the new plan that matches").contains(e.source());
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }
}
