package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wuzhen.detect.JsonTapeTest.kept;
import static org.wuzhen.detect.JsonTapeTest.reads;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonValue;

/**
 * A directed scan that compares a line's names with the sequences it kept ({@link ObjectShapes})
 * against {@link Json#parse} and against a new tape, which has kept none: EVE-like lines of a few
 * shapes repeated, some changed in one place (a name a byte off at its start, middle or end, cut or
 * lengthened, escaped, repeated after the shape was kept, a member dropped or added, brackets and
 * quotes inside strings, nesting too deep, a byte beyond ASCII, the line cut anywhere). Seeded; a
 * failure names its line.
 */
class ObjectShapesTest {
  /** The reads of an EVE reader: root fields, {@code dns} and its answers, {@code tls.sni}. */
  private static final MemberReads EVE =
      reads(
          List.of("timestamp", "event_type", "src_ip", "dns", "tls", "dest_ip"),
          new MemberReads[] {
            null,
            null,
            null,
            reads(
                List.of("rrname", "answers"),
                new MemberReads[2],
                new MemberReads[] {null, reads("rdata", "rrname")}),
            reads("sni", "fingerprint_of_the_certificate"),
            null
          },
          new MemberReads[6]);

  private static final String HEAD =
      "\"timestamp\":\"2018-03-24T17:15:20.865717+0000\",\"flow_id\":1000001,"
          + "\"in_iface\":\"eth0\",\"event_type\":\"%s\",\"src_ip\":\"10.47.1.100\","
          + "\"src_port\":41772,\"dest_ip\":\"10.0.0.100\",\"dest_port\":53,\"proto\":\"UDP\",";

  /** Lines of four event types, each written the same way every time, as a sensor does. */
  static final List<String> SHAPES =
      List.of(
          "{"
              + HEAD.formatted("dns")
              + "\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":36329,\"rrname\":\"ise.org\","
              + "\"rrtype\":\"A\",\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"ise.org\","
              + "\"rrtype\":\"CNAME\",\"ttl\":2230,\"rdata\":\"ise.cpp.edu\"},{\"rrname\":"
              + "\"ise.org\",\"rrtype\":\"A\",\"ttl\":41830,\"rdata\":\"134.71.3.16\"}]}}",
          "{"
              + HEAD.formatted("flow")
              + "\"app_proto\":\"dns\",\"flow\":{\"pkts_toserver\":4,\"pkts_toclient\":1,"
              + "\"bytes_toserver\":70,\"start\":\"2018-03-24T17:15:20.949175+0000\",\"age\":0,"
              + "\"state\":\"closed\",\"alerted\":false,\"nested\":{\"deeper\":{\"x\":[1,[2]]}}}}",
          "{"
              + HEAD.formatted("tls")
              + "\"tls\":{\"subject\":\"CN=a.example\",\"issuerdn\":\"CN=ca\",\"serial\":\"01:02\","
              + "\"fingerprint_of_the_certificate\":\"aa:bb\",\"sni\":\"a.example\","
              + "\"version\":\"TLS 1.2\",\"ja3\":{\"hash\":\"e7d7\",\"string\":\"771,49195\"}}}",
          "{"
              + HEAD.formatted("alert")
              + "\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":2013504,"
              + "\"signature\":\"ET POLICY {odd} [name]\",\"category\":\"x\",\"severity\":2,"
              + "\"metadata\":{\"updated_at\":[\"2019_07_26\"],\"created_at\":[\"2010_07_30\"]}}}");

  /** The line as a sensor might write it now and then: one change somewhere. */
  static String changed(String line, Random r) {
    List<Integer> names = new ArrayList<>();
    for (int i = line.indexOf("\":"); i >= 0; i = line.indexOf("\":", i + 1)) {
      names.add(i); // the closing quote of a name
    }
    int close = names.get(r.nextInt(names.size()));
    int open = line.lastIndexOf('"', close - 1);
    String name = line.substring(open + 1, close);
    String before = line.substring(0, open + 1);
    String after = line.substring(close);
    return switch (r.nextInt(12)) {
      case 0 -> before + (char) (name.charAt(0) + 1) + name.substring(1) + after;
      case 1 -> before + name.substring(0, name.length() - 1) + 'q' + after;
      case 2 ->
          name.length() > 9
              ? before + name.substring(0, 8) + '#' + name.substring(9) + after
              : before + name + after;
      case 3 -> before + name.substring(0, name.length() - 1) + after;
      case 4 -> before + name + "x" + after;
      case 5 -> before + "\\u00" + Integer.toHexString(name.charAt(0)) + name.substring(1) + after;
      case 6 -> repeated(line, close, r);
      case 7 -> line.substring(0, r.nextInt(line.length())); // cut
      case 8 -> before + name + "\":\"}],[{\\\"\",\"" + name + "_" + after; // brackets in strings
      case 9 -> before + name + "\":" + "[".repeat(20) + "]".repeat(20) + ",\"z" + after;
      case 10 -> before + name + "\":\"caf\u00e9\",\"z" + after;
      default -> before + name + "\":" + "[".repeat(9) + "{}" + "]".repeat(9) + ",\"z" + after;
    };
  }

  /** The line with a member of the object holding the name at {@code close} written twice. */
  private static String repeated(String line, int close, Random r) {
    int open = line.lastIndexOf('"', close - 1);
    String member = line.substring(open, close + 2) + "0,";
    // Before the name, or at the object's end: a duplicate early or late in the object.
    if (r.nextBoolean()) {
      return line.substring(0, open) + member + line.substring(open);
    }
    int depth = 0;
    for (int i = close; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        i = line.indexOf('"', i + 1);
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return line.substring(0, i)
              + ","
              + member.substring(0, member.length() - 1)
              + line.substring(i);
        }
        depth--;
      }
    }
    return line;
  }

  private static byte[] bytes(String line) {
    return line.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Whether {@code tape} accepts {@code line} in a scan directed by {@link #EVE}. */
  private static boolean scans(JsonTape tape, String line) {
    return tape.scan(bytes(line), 0, line.length(), EVE);
  }

  @Test
  void aScanThatKeptShapesAgreesWithTheParseAndWithANewTape() {
    Random r = new Random(20261207);
    JsonTape tape = new JsonTape();
    int accepted = 0;
    int refused = 0;
    for (int line = 0; line < 30_000; line++) {
      String shape = SHAPES.get(r.nextInt(10) < 6 ? 0 : r.nextInt(SHAPES.size()));
      String text = r.nextInt(6) == 0 ? changed(shape, r) : shape;
      byte[] b = bytes(text);
      JsonValue parsed;
      try {
        parsed = Json.parse(text);
      } catch (RuntimeException e) {
        parsed = null;
      }
      boolean scanned = tape.scan(b, 0, b.length, EVE);
      // An escaped name, a byte beyond ASCII or nesting past the tape's depth is refused by any
      // tape, the line left to the exact reader.
      boolean anyTapeRefuses =
          text.contains("\"\\u00")
              || text.chars().anyMatch(c -> c > 127)
              || text.contains("[".repeat(JsonTape.MAX_DEPTH));
      assertThat(scanned)
          .as("line %d: %s", line, text)
          .isEqualTo(parsed != null && !anyTapeRefuses);
      assertThat(new JsonTape().scan(b, 0, b.length, EVE)).as("line %d", line).isEqualTo(scanned);
      if (!scanned) {
        refused++;
        continue;
      }
      accepted++;
      assertThat(tape.value(0)).as("line %d: %s", line, text).isEqualTo(kept(parsed, EVE));
      for (int c = tape.firstChild(0); c >= 0; c = tape.nextSibling(c)) {
        String name =
            new String(
                b,
                tape.nameStart(c),
                tape.nameEnd(c) - tape.nameStart(c),
                StandardCharsets.ISO_8859_1);
        assertThat(EVE.names[tape.readIndex(c)].text).as("line %d", line).isEqualTo(name);
        assertThat(tape.nameHash(c)).isEqualTo(MemberName.of(name).hash);
      }
      assertThat(tape.dottedRootName()).isFalse();
    }
    assertThat(accepted).isGreaterThan(25_000);
    assertThat(refused).as("changed lines refused").isGreaterThan(1_000);
  }

  @Test
  void aDuplicateNameIsRefusedAfterItsObjectsShapeWasKept() {
    JsonTape tape = new JsonTape();
    String good =
        "{\"src_ip\":\"a\",\"skipped\":{\"x\":1,\"y\":{\"z\":2,\"w\":3},\"v\":4},\"b\":5}";
    for (int i = 0; i < 3; i++) {
      assertThat(scans(tape, good)).isTrue();
    }
    List<String> bad =
        List.of(
            "{\"src_ip\":\"a\",\"skipped\":{\"x\":1,\"y\":{\"z\":2,\"w\":3},\"x\":4},\"b\":5}",
            "{\"src_ip\":\"a\",\"skipped\":{\"x\":1,\"y\":{\"z\":2,\"z\":3},\"v\":4},\"b\":5}",
            "{\"src_ip\":\"a\",\"skipped\":{\"x\":1,\"y\":{\"z\":2,\"w\":3},\"v\":4,\"y\":0},\"b\":5}",
            "{\"src_ip\":\"a\",\"skipped\":{\"x\":1,\"y\":{\"z\":2,\"w\":3},\"v\":4},\"src_ip\":5}",
            "{\"src_ip\":\"a\",\"skipped\":{\"x\":1,\"y\":{\"z\":2,\"w\":3},\"v\":4},\"b\":5,\"b\":6}",
            "{\"src_ip\":\"a\",\"src_ip\":\"a\",\"skipped\":{\"x\":1}}");
    for (String line : bad) {
      assertThat(scans(tape, line)).as(line).isFalse();
      assertThat(scans(tape, good)).isTrue();
    }
  }

  @Test
  void aKeptNameIsNotTakenForALongerOrEscapedOne() {
    JsonTape tape = new JsonTape();
    String good = "{\"src_ip\":\"a\",\"skipped\":{\"abcdefghijklmnopq\":1}}";
    assertThat(scans(tape, good)).isTrue();
    assertThat(scans(tape, good)).isTrue();
    List<String> others =
        List.of(
            "{\"src_ip\":\"a\",\"skipped\":{\"abcdefghijklmnopqr\":1}}",
            "{\"src_ip\":\"a\",\"skipped\":{\"abcdefghijklmnop\":1}}",
            "{\"src_ip\":\"a\",\"skipped\":{\"abcdefgh#jklmnopq\":1}}",
            "{\"src_ipx\":\"a\",\"skipped\":{\"abcdefghijklmnopq\":1}}",
            "{\"src_i\":\"a\",\"skipped\":{\"abcdefghijklmnopq\":1}}");
    for (String line : others) {
      assertThat(scans(tape, line)).as(line).isTrue();
      assertThat(tape.value(0)).as(line).isEqualTo(kept(Json.parse(line), EVE));
      assertThat(scans(tape, good)).isTrue();
    }
    String escaped = "{\"src_ip\":\"a\",\"skipped\":{\"abcdefghijklmnopq\\\"\":1}}";
    assertThat(Json.parse(escaped)).isNotNull();
    assertThat(scans(tape, escaped)).isFalse();
    String cut = "{\"src_ip\":\"a\",\"skipped\":{\"abcdefghijklmnopq";
    assertThat(scans(tape, cut)).isFalse();
  }
}
