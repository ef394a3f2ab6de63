package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * The tape of a JSON-lines record against {@link Json#parse} on generated lines: names that agree
 * on their first or last 8 bytes, dots anywhere in long names, strings with escapes at every offset
 * of an 8-byte word, objects of hundreds of members (the member table moves to larger tables during
 * a line), duplicate names at any depth, before and after such a move. Where the tape accepts a
 * line, the parse accepts it as the same tree, and every member is found by name (and no other name
 * is); on these ASCII lines within the tape's limits, it refuses exactly what the parse refuses.
 * Seeded; a failure names its line.
 */
class JsonTapeTest {
  /** Names that share prefixes and suffixes of 8 bytes, and differ in one byte, in the middle. */
  private static final List<String> NAMES =
      List.of(
          "a",
          "ab",
          "dns",
          "rdata",
          "rrname",
          "abcdefg",
          "abcdefgh",
          "abcdefgi",
          "abcdefghi",
          "abcdefghj",
          "xbcdefghi",
          "abcdefgh12345678",
          "abcdefgh12345679",
          "abcdefgx12345678",
          "abcdefgh_12345678",
          "abcdefghx12345678", // the same first and last 8 bytes: told apart by the middle
          "abcdefgh_x2345678",
          "long.dotted.name",
          "a.b",
          "longer_name_without.dot_in_the_middle",
          "longer_name_without_dot_in_the_middle",
          "12345678.",
          ".2345678",
          "");

  private static String name(Random r) {
    if (r.nextInt(6) == 0) {
      StringBuilder s = new StringBuilder();
      int n = r.nextInt(24);
      for (int i = 0; i < n; i++) {
        s.append((char) ('a' + r.nextInt(3)));
      }
      if (r.nextInt(8) == 0 && n > 0) {
        s.setCharAt(r.nextInt(n), '.');
      }
      return s.toString();
    }
    return NAMES.get(r.nextInt(NAMES.size()));
  }

  private static String string(Random r) {
    StringBuilder s = new StringBuilder("\"");
    int n = r.nextInt(30);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(20)) {
        case 0 -> s.append("\\\"");
        case 1 -> s.append("\\\\");
        case 2 -> s.append("\\u00e9");
        case 3 -> s.append("\\n");
        default -> {
          char c = (char) (0x20 + r.nextInt(0x5f)); // printable ASCII
          s.append(c == '"' || c == '\\' ? 'q' : c);
        }
      }
    }
    return s.append('"').toString();
  }

  private static void value(Random r, StringBuilder out, int depth) {
    int k = depth >= 6 ? r.nextInt(4) : r.nextInt(7);
    switch (k) {
      case 0 -> out.append(string(r));
      case 1 -> out.append(r.nextInt(2) == 0 ? String.valueOf(r.nextLong()) : "-1.5e3");
      case 2 -> out.append(r.nextBoolean() ? "true" : "false");
      case 3 -> out.append("null");
      case 4, 5 -> object(r, out, depth + 1, r.nextInt(30) == 0 ? 40 + r.nextInt(100) : 6);
      default -> {
        out.append('[');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          value(r, out, depth + 1);
        }
        out.append(']');
      }
    }
  }

  /** An object of up to {@code most} members, the names distinct unless one is repeated. */
  private static void object(Random r, StringBuilder out, int depth, int most) {
    out.append('{');
    int n = r.nextInt(most + 1);
    List<String> used = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name;
      if (r.nextInt(400) == 0 && !used.isEmpty()) {
        name = used.get(r.nextInt(used.size())); // a duplicate
      } else {
        do {
          name = r.nextInt(3) == 0 ? name(r) : name(r) + i;
        } while (used.contains(name) && r.nextInt(50) != 0);
      }
      used.add(name);
      if (i > 0) {
        out.append(',');
      }
      out.append('"').append(name).append("\":");
      value(r, out, depth);
    }
    out.append('}');
  }

  /**
   * Lines scanned the two ways, alternated on one tape: with the member table filled as the scan
   * goes, and with it filled on the first lookup (duplicates then refused by comparing names).
   */
  @Test
  void readsGeneratedLinesAsTheParseDoes() {
    Random r = new Random(20261206);
    JsonTape tape = new JsonTape();
    int accepted = 0;
    int grown = 0;
    for (int line = 0; line < 2000; line++) {
      StringBuilder text = new StringBuilder();
      object(r, text, 1, line % 10 == 0 ? 300 : 14);
      byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
      JsonValue parsed;
      try {
        parsed = Json.parse(text.toString());
      } catch (RuntimeException e) {
        parsed = null;
      }
      boolean scanned = tape.scan(bytes, 0, bytes.length, line % 3 != 0);
      if (!scanned && parsed != null && nodes(parsed) > JsonTape.MAX_NODES) {
        continue; // beyond the tape's limit: refused, read the exact way
      }
      assertThat(scanned).as("line %d: %s", line, text).isEqualTo(parsed != null);
      if (scanned) {
        accepted++;
        JsonObject root = (JsonObject) parsed;
        grown += memberCount(root) > 128 ? 1 : 0; // the first table holds 128
        assertThat(tape.value(0)).as("line %d", line).isEqualTo(parsed);
        assertThat(tape.dottedRootName())
            .as("line %d", line)
            .isEqualTo(root.names().stream().anyMatch(n -> n.contains(".")));
        members(tape, 0, root, r, line);
      }
    }
    assertThat(accepted).isGreaterThan(1000);
    assertThat(grown).as("lines whose member table moved").isGreaterThan(20);
  }

  /** Every member of a tape object found by name with the parse's value; other names not. */
  private static void members(JsonTape tape, int node, JsonObject o, Random r, int line) {
    for (String n : o.names()) {
      int m = tape.member(node, n);
      assertThat(m).as("line %d member %s", line, n).isGreaterThanOrEqualTo(0);
      assertThat(tape.value(m)).isEqualTo(o.get(n).orElseThrow());
      if (o.get(n).get() instanceof JsonObject inner) {
        members(tape, m, inner, r, line);
      }
    }
    for (String n : NAMES) {
      assertThat(tape.member(node, n) >= 0).as("line %d name %s", line, n).isEqualTo(o.has(n));
    }
    String absent = name(r) + "~";
    assertThat(tape.member(node, absent)).isEqualTo(-1);
  }

  private static int memberCount(JsonValue v) {
    int n = 0;
    if (v instanceof JsonObject o) {
      for (String name : o.names()) {
        n += 1 + memberCount(o.get(name).orElseThrow());
      }
    } else if (v instanceof org.wuzhen.stix.JsonArray a) {
      for (JsonValue e : a.elements()) {
        n += memberCount(e);
      }
    }
    return n;
  }

  private static int nodes(JsonValue v) {
    int n = 1;
    if (v instanceof JsonObject o) {
      for (String name : o.names()) {
        n += nodes(o.get(name).orElseThrow());
      }
    } else if (v instanceof org.wuzhen.stix.JsonArray a) {
      for (JsonValue e : a.elements()) {
        n += nodes(e);
      }
    }
    return n;
  }

  @Test
  void aDuplicateAfterTheMemberTableMovedIsRefused() {
    for (boolean index : List.of(true, false)) {
      aDuplicateAfterTheMemberTableMovedIsRefused(index);
    }
  }

  private static void aDuplicateAfterTheMemberTableMovedIsRefused(boolean index) {
    StringBuilder many = new StringBuilder("{\"inner\":{\"x\":1},");
    for (int i = 0; i < 1500; i++) {
      many.append("\"member_with_a_long_name_").append(i).append("\":").append(i).append(',');
    }
    String good = many + "\"last\":{\"x\":2,\"y\":3}}";
    String twice = many + "\"member_with_a_long_name_3\":0}";
    String nested = many + "\"last\":{\"x\":2,\"x\":3}}";
    JsonTape tape = new JsonTape();
    byte[] g = good.getBytes(StandardCharsets.US_ASCII);
    assertThat(tape.scan(g, 0, g.length, index)).isTrue();
    assertThat(tape.value(0)).isEqualTo(Json.parse(good));
    for (int i = 0; i < 1500; i += 7) {
      int m = tape.member(0, "member_with_a_long_name_" + i);
      assertThat(tape.raw(m)).isEqualTo(String.valueOf(i));
    }
    assertThat(tape.raw(tape.member(tape.member(0, "inner"), "x"))).isEqualTo("1");
    assertThat(tape.member(tape.member(0, "inner"), "y")).isEqualTo(-1);
    for (String bad : List.of(twice, nested)) {
      byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
      assertThat(tape.scan(b, 0, b.length, index)).as("index %s", index).isFalse();
    }
    // the next, small line starts from the small table again, and is read whole
    byte[] small = "{\"a\":1,\"b\":{\"a\":2}}".getBytes(StandardCharsets.US_ASCII);
    assertThat(tape.scan(small, 0, small.length, index)).isTrue();
    assertThat(tape.raw(tape.member(tape.member(0, "b"), "a"))).isEqualTo("2");
    assertThat(tape.member(0, "member_with_a_long_name_3")).isEqualTo(-1);
  }

  /**
   * Scanned without the member table, an object refuses a repeated name whether it has a few
   * members (names compared) or many (the table taken up part way), at any depth; and the table is
   * filled on the first lookup.
   */
  @Test
  void aDuplicateIsRefusedWithoutTheMemberTable() {
    JsonTape tape = new JsonTape();
    for (int count : List.of(1, 2, 8, 24, 25, 26, 27, 64, 300)) {
      StringBuilder members = new StringBuilder();
      for (int i = 0; i < count; i++) {
        members.append(i == 0 ? "" : ",").append("\"name").append(i).append("\":").append(i);
      }
      for (String line : List.of("{" + members + "}", "{\"a\":[{" + members + "}],\"b\":1}")) {
        byte[] good = line.getBytes(StandardCharsets.US_ASCII);
        assertThat(tape.scan(good, 0, good.length, false)).as(line).isTrue();
        assertThat(tape.value(0)).isEqualTo(Json.parse(line));
        if (line.startsWith("{\"name")) {
          assertThat(tape.raw(tape.member(0, "name" + (count - 1)))).isEqualTo("" + (count - 1));
        }
        for (int k : List.of(0, count / 2, count - 1)) {
          String twice = line.replace(members, members + ",\"name" + k + "\":0");
          byte[] bad = twice.getBytes(StandardCharsets.US_ASCII);
          assertThat(tape.scan(bad, 0, bad.length, false)).as(twice).isFalse();
        }
      }
    }
  }

  @Test
  void aNameAtTheVeryEndOfTheBufferIsReadByItsBytes() {
    // the name's 8-byte word would run past the array: read byte by byte
    for (String line : List.of("{\"ab\":1}", "{\"a\":1,\"b\":{}}", "{\"abcdefghij\":[]}")) {
      byte[] b = line.getBytes(StandardCharsets.US_ASCII);
      JsonTape tape = new JsonTape();
      assertThat(tape.scan(b, 0, b.length)).isTrue();
      assertThat(tape.value(0)).isEqualTo(Json.parse(line));
      for (String n : ((JsonObject) Json.parse(line)).names()) {
        assertThat(tape.member(0, n)).isGreaterThanOrEqualTo(0);
      }
    }
  }

  static MemberReads reads(List<String> names, MemberReads[] members, MemberReads[] elements) {
    return new MemberReads(names.stream().map(MemberName::of).toList(), members, elements);
  }

  static MemberReads reads(String... names) {
    return reads(List.of(names), new MemberReads[names.length], new MemberReads[names.length]);
  }

  /**
   * Directions of a reader's kind: sections read by name ({@code dns}), arrays of records ({@code
   * dns.answers}, {@code a}), names sharing their first or last 8 bytes, a dotted and an empty
   * name.
   */
  private static final MemberReads DIRECTED =
      reads(
          List.of("dns", "rdata", "a", "abcdefgh12345678", "abcdefghx12345678", "a.b", ""),
          new MemberReads[] {
            reads(
                List.of("rrname", "answers", "abcdefghi"),
                new MemberReads[3],
                new MemberReads[] {null, reads("rdata", "a"), null}),
            null,
            reads("ab", "abcdefghi"),
            reads("abcdefgh_12345678", "a"),
            null,
            null,
            null
          },
          new MemberReads[] {null, null, reads("ab", "rdata"), null, null, null, null});

  /**
   * What a directed scan keeps of {@code v}: in an object with directions, the members named and
   * within them as directed; in an array, each element with the array's directions.
   */
  static JsonValue kept(JsonValue v, MemberReads reads) {
    if (reads == null) {
      return v;
    }
    if (v instanceof org.wuzhen.stix.JsonArray a) {
      return new org.wuzhen.stix.JsonArray(a.elements().stream().map(e -> kept(e, reads)).toList());
    }
    if (!(v instanceof JsonObject o)) {
      return v;
    }
    JsonObject.Builder out = JsonObject.builder();
    for (int i = 0; i < o.size(); i++) {
      for (int k = 0; k < reads.names.length; k++) {
        if (reads.names[k].text.equals(o.nameAt(i))) {
          JsonValue inner = o.valueAt(i);
          out.put(
              o.nameAt(i),
              kept(
                  inner,
                  inner instanceof JsonObject
                      ? reads.members(k)
                      : inner instanceof org.wuzhen.stix.JsonArray ? reads.elements(k) : null));
        }
      }
    }
    return out.build();
  }

  /** The most members of one object within {@code v}. */
  private static int widest(JsonValue v) {
    int most = 0;
    if (v instanceof JsonObject o) {
      most = o.size();
      for (int i = 0; i < o.size(); i++) {
        most = Math.max(most, widest(o.valueAt(i)));
      }
    } else if (v instanceof org.wuzhen.stix.JsonArray a) {
      for (JsonValue e : a.elements()) {
        most = Math.max(most, widest(e));
      }
    }
    return most;
  }

  /**
   * A directed scan on generated lines (duplicates at any depth, read or skipped, escapes, wide
   * objects): it accepts a line only when the parse does, and then its nodes are the parse's tree
   * cut to the members read; it refuses a line the parse accepts only for an object wider than the
   * names it compares ({@code FEW_MEMBERS}, 24), which its caller then scans whole. The same tape
   * then scans whole again as before.
   */
  @Test
  void aDirectedScanKeepsTheParsesVerdictAndTheMembersRead() {
    Random r = new Random(20261207);
    JsonTape tape = new JsonTape();
    int accepted = 0;
    int refused = 0;
    int wide = 0;
    for (int line = 0; line < 3000; line++) {
      StringBuilder text = new StringBuilder();
      object(r, text, 1, line % 10 == 0 ? 40 : 14);
      byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
      JsonValue parsed;
      try {
        parsed = Json.parse(text.toString());
      } catch (RuntimeException e) {
        parsed = null;
      }
      boolean scanned = tape.scan(bytes, 0, bytes.length, DIRECTED);
      assertThat(tape.directed()).isTrue();
      if (!scanned && parsed != null) {
        assertThat(widest(parsed)).as("line %d: %s", line, text).isGreaterThan(24);
        wide++;
        continue;
      }
      assertThat(scanned).as("line %d: %s", line, text).isEqualTo(parsed != null);
      if (scanned) {
        accepted++;
        assertThat(tape.value(0)).as("line %d", line).isEqualTo(kept(parsed, DIRECTED));
        for (int c = tape.firstChild(0); c >= 0; c = tape.nextSibling(c)) {
          String name =
              new String(
                  bytes,
                  tape.nameStart(c),
                  tape.nameEnd(c) - tape.nameStart(c),
                  StandardCharsets.US_ASCII);
          assertThat(DIRECTED.names[tape.readIndex(c)].text).isEqualTo(name);
        }
        assertThat(tape.dottedRootName())
            .as("line %d", line)
            .isEqualTo(((JsonObject) parsed).names().stream().anyMatch(n -> n.contains(".")));
      } else {
        refused++;
      }
      boolean whole = tape.scan(bytes, 0, bytes.length, false);
      assertThat(tape.directed()).isFalse();
      if (whole) {
        assertThat(tape.value(0)).isEqualTo(parsed);
      }
    }
    assertThat(accepted).isGreaterThan(1000);
    assertThat(refused).as("bad lines").isGreaterThan(50);
    assertThat(wide).as("wide objects").isGreaterThan(10);
  }

  /**
   * A line with a repeated name is refused by a directed scan wherever the name is: in an object
   * read, among the members skipped of an object read, in an object or an array skipped whole at
   * any depth; and a line too deep, truncated, or with a byte beyond ASCII in a skipped value.
   */
  /**
   * Numbers of every length up to 40, of digits and the bytes around them ({@code /} and {@code :}
   * border the digits in ASCII; signs, points, exponents, bytes beyond ASCII), read or skipped, at
   * a line's end or before another member: the verdict and the tree of the parse.
   */
  @Test
  void numbersOfEveryLengthAreReadAsTheParseReadsThem() {
    Random r = new Random(8);
    String alphabet = "0123456789012345678901234567890123456789-+.eE/:\u00e9 x";
    JsonTape tape = new JsonTape();
    int accepted = 0;
    for (int i = 0; i < 30_000; i++) {
      StringBuilder number = new StringBuilder();
      if (r.nextInt(3) == 0) {
        number.append(r.nextBoolean() ? "-" : "").append(1 + r.nextInt(9));
      }
      int n = 1 + r.nextInt(40);
      for (int k = 0; k < n; k++) {
        number.append(
            r.nextInt(4) == 0
                ? alphabet.charAt(r.nextInt(alphabet.length()))
                : (char) ('0' + r.nextInt(10)));
      }
      String member = r.nextBoolean() ? "a" : "skipped";
      String line =
          r.nextBoolean()
              ? "{\"" + member + "\":" + number + "}"
              : "{\"" + member + "\":" + number + ",\"rdata\":\"a\"}";
      byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
      JsonValue parsed;
      try {
        parsed = Json.parse(line);
      } catch (RuntimeException e) {
        parsed = null;
      }
      boolean ascii = line.chars().allMatch(c -> c < 128);
      assertThat(tape.scan(b, 0, b.length)).as(line).isEqualTo(parsed != null && ascii);
      assertThat(tape.scan(b, 0, b.length, DIRECTED)).as(line).isEqualTo(parsed != null && ascii);
      if (parsed != null && ascii) {
        accepted++;
        assertThat(tape.value(0)).as(line).isEqualTo(kept(parsed, DIRECTED));
      }
    }
    assertThat(accepted).isGreaterThan(5_000);
  }

  @Test
  void aDirectedScanRefusesWhatTheParseRefusesInValuesItSkips() {
    JsonTape tape = new JsonTape();
    List<String> good =
        List.of(
            "{\"dns\":{\"rrname\":\"x\",\"type\":1},\"skipped\":{\"x\":1,\"y\":[{\"x\":1}]}}",
            "{\"skipped\":[[{\"x\":{\"y\":{\"z\":[1,2,{}]}}}]],\"rdata\":\"a\\\"b\"}",
            "{\"dns\":{\"answers\":[{\"rdata\":\"r\",\"ttl\":1},{\"rdata\":\"s\"}]}}");
    for (String line : good) {
      byte[] b = line.getBytes(StandardCharsets.US_ASCII);
      assertThat(tape.scan(b, 0, b.length, DIRECTED)).as(line).isTrue();
      assertThat(tape.value(0)).isEqualTo(kept(Json.parse(line), DIRECTED));
    }
    List<String> bad =
        List.of(
            "{\"dns\":{\"rrname\":\"x\",\"rrname\":\"y\"}}",
            "{\"dns\":{\"type\":1,\"rrname\":\"x\",\"type\":2}}",
            "{\"skipped\":1,\"rdata\":\"a\",\"skipped\":2}",
            "{\"skipped\":{\"x\":1,\"x\":2},\"rdata\":\"a\"}",
            "{\"skipped\":[{\"y\":{\"x\":1,\"x\":2}}]}",
            "{\"dns\":{\"answers\":[{\"rdata\":\"r\",\"ttl\":1,\"ttl\":2}]}}",
            "{\"skipped\":" + "[".repeat(20) + "]".repeat(20) + "}",
            "{\"skipped\":{\"x\":\"caf\u00e9\"}}",
            "{\"skipped\":{\"x\":\"\\ud800\"}}",
            "{\"skipped\":{\"x\":01}}",
            "{\"skipped\":{\"x\\u0041\":1}}",
            "{\"skipped\":{\"x\":tru}}",
            "{\"skipped\":{\"x\":[1,]}}",
            "{\"skipped\":{\"x\":1");
    for (String line : bad) {
      byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
      assertThat(tape.scan(b, 0, b.length, DIRECTED)).as(line).isFalse();
      assertThat(tape.scan(b, 0, b.length, false)).as(line).isFalse();
    }
  }

  @Test
  void aDirectedScanLeavesLookupsToAWholeScan() {
    JsonTape tape = new JsonTape();
    byte[] b = "{\"dns\":{\"rrname\":\"x\"}}".getBytes(StandardCharsets.US_ASCII);
    assertThat(tape.scan(b, 0, b.length, DIRECTED)).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tape.member(0, "dns"))
        .isInstanceOf(IllegalStateException.class);
  }
}
