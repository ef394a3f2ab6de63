package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lines read as a shape guessed from the lines before ({@link ShapeGuesses}) against the same lines
 * read by a new scan, which has no guess and reads every name: the same verdict and the same
 * members at the same places, for lines that repeat a shape and lines that leave it anywhere (a
 * name changed, a member added or removed, spaces, an escaped name, a duplicate name). Seeded; a
 * failure names its line.
 */
class GuessedShapeTest {
  private static final String[] NAMES = {
    "_path",
    "_write_ts",
    "ts",
    "uid",
    "id.orig_h",
    "id.orig_p",
    "query",
    "qclass_name",
    "answers",
    "cert_chain_fps",
    "client_cert_chain_fps",
    "validation_status",
    "abcdefghijklmnopXrstuvwxyz012345",
    "abcdefghijklmnopYrstuvwxyz012345",
    "a",
    "b",
    ""
  };

  private static final String[] VALUES = {
    "\"dns\"",
    "\"2018-03-24T17:15:20.865716Z\"",
    "\"a\\\"b\"",
    "\"\\u0041\"",
    "41772",
    "-0.5e+3",
    "0.0008699893951416016",
    "true",
    "false",
    "null",
    "[]",
    "[\"ise.wrccdc.cpp.edu\",\"134.71.3.16\"]",
    "[2230.0,41830.0]",
    "[1,\"x\",null]",
    "01", // refused: a leading zero
    "\"\u00e9\"", // refused: beyond ASCII
    "[1,]", // refused
    "tru" // refused
  };

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A line of those names, each value picked at random (mostly good ones). */
  private static String line(Random r, List<String> names) {
    StringBuilder line = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      int v = r.nextInt(40) == 0 ? r.nextInt(VALUES.length) : r.nextInt(VALUES.length - 4);
      line.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":");
      line.append(VALUES[v]);
    }
    return line.append('}').toString();
  }

  /** The shape's names changed once: one renamed, added, removed, escaped or doubled. */
  private static List<String> mutated(Random r, List<String> shape) {
    List<String> names = new ArrayList<>(shape);
    int at = names.isEmpty() ? 0 : r.nextInt(names.size());
    switch (r.nextInt(6)) {
      case 0 -> {
        if (!names.isEmpty()) {
          names.set(at, NAMES[r.nextInt(NAMES.length)]);
        }
      }
      case 1 -> names.add(r.nextInt(names.size() + 1), NAMES[r.nextInt(NAMES.length)]);
      case 2 -> {
        if (!names.isEmpty()) {
          names.remove(at);
        }
      }
      case 3 -> {
        if (!names.isEmpty() && !names.get(at).isEmpty()) {
          names.set(at, "\\u00" + Integer.toHexString(names.get(at).charAt(0)) + "X");
        }
      }
      case 4 -> {
        if (!names.isEmpty()) {
          names.add(r.nextInt(names.size() + 1), names.get(at));
        }
      }
      default -> {
        if (!names.isEmpty()) {
          names.set(at, names.get(at) + "x");
        }
      }
    }
    return names;
  }

  /** Spaces where the grammar allows them: around a colon or a comma, or before the brace. */
  private static String spaced(Random r, String line) {
    int at = r.nextInt(line.length());
    char c = line.charAt(at);
    if (c == ':' || c == ',') {
      return line.substring(0, at) + (r.nextBoolean() ? " " : "\t") + line.substring(at);
    }
    return line.endsWith("}") && r.nextBoolean()
        ? line.substring(0, line.length() - 1) + " }"
        : " " + line;
  }

  @Test
  void guessedLinesAreReadAsANewScanReadsThem() {
    Random r = new Random(61);
    FlatJsonScan scan = new FlatJsonScan();
    List<List<String>> shapes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // The three shapes most lines take have names of at most 28 bytes, whose shapes are guessed
      // (as a Zeek log's); the others may have longer ones, whose lines are read by their names.
      List<String> names = new ArrayList<>(Arrays.asList(NAMES));
      if (i < 3) {
        names.removeIf(name -> name.length() > 28);
      }
      java.util.Collections.shuffle(names, r);
      shapes.add(new ArrayList<>(names.subList(0, 1 + r.nextInt(names.size()))));
    }
    shapes.add(List.of());
    int accepted = 0;
    int refused = 0;
    for (int n = 0; n < 30_000; n++) {
      // Runs of one shape, as a log's lines: now and then another kept shape, a change of one.
      List<String> names = shapes.get(r.nextInt(4) == 0 ? r.nextInt(shapes.size()) : n / 500 % 3);
      if (r.nextInt(8) == 0) {
        names = mutated(r, names);
      }
      String text = line(r, names);
      if (r.nextInt(30) == 0) {
        text = spaced(r, text);
      }
      byte[] bytes = ascii(text);
      byte[] buffer = FlatJsonScanTest.inBuffer(r, bytes);
      FlatJsonScan fresh = new FlatJsonScan();
      boolean expected = fresh.scan(bytes, 0, bytes.length);
      assertThat(scan.scan(buffer, 0, bytes.length)).as(text).isEqualTo(expected);
      if (!expected) {
        refused++;
        continue;
      }
      accepted++;
      for (String name : NAMES) {
        int m = fresh.member(name);
        assertThat(scan.member(name)).as(text + " " + name).isEqualTo(m);
        if (m >= 0) {
          assertSameMember(scan, fresh, m, text + " " + name);
        }
      }
    }
    assertThat(accepted).as("accepted").isGreaterThan(15_000);
    assertThat(refused).as("refused").isGreaterThan(1_000);
    assertThat(scan.guessed()).as("read as a guess").isGreaterThan(accepted / 2L);
  }

  private static void assertSameMember(FlatJsonScan scan, FlatJsonScan fresh, int m, String as) {
    assertThat(scan.kind(m)).as(as).isEqualTo(fresh.kind(m));
    assertThat(scan.valueStart(m)).as(as).isEqualTo(fresh.valueStart(m));
    assertThat(scan.valueEnd(m)).as(as).isEqualTo(fresh.valueEnd(m));
    if (scan.kind(m) == FlatJsonScan.STRING) {
      assertThat(scan.escaped(m)).as(as).isEqualTo(fresh.escaped(m));
      assertThat(scan.text(m)).as(as).isEqualTo(fresh.text(m));
    } else if (scan.kind(m) == FlatJsonScan.NUMBER) {
      assertThat(scan.integer(m)).as(as).isEqualTo(fresh.integer(m));
    } else if (scan.kind(m) == FlatJsonScan.ARRAY) {
      assertThat(scan.elementCount(m)).as(as).isEqualTo(fresh.elementCount(m));
      for (int i = 0; i < scan.elementCount(m); i++) {
        assertThat(scan.elementKind(m, i)).as(as).isEqualTo(fresh.elementKind(m, i));
        if (scan.elementKind(m, i) == FlatJsonScan.STRING) {
          assertThat(scan.elementText(m, i)).as(as).isEqualTo(fresh.elementText(m, i));
        }
      }
    }
  }

  /** A scan that has read {@link #KEPT} twice, the second time as its shape guessed. */
  private static FlatJsonScan kept() {
    FlatJsonScan scan = new FlatJsonScan();
    byte[] first = ascii(KEPT);
    assertThat(scan.scan(first, 0, first.length)).as(KEPT).isTrue();
    long guessed = scan.guessed();
    assertThat(scan.scan(first, 0, first.length)).as(KEPT).isTrue();
    assertThat(scan.guessed()).as("the same line again is guessed").isEqualTo(guessed + 1);
    return scan;
  }

  private static boolean scan(FlatJsonScan scan, String text) {
    byte[] bytes = ascii(text);
    return scan.scan(bytes, 0, bytes.length);
  }

  private static final String KEPT =
      "{\"_path\":\"dns\",\"ts\":\"2018-03-24T17:15:20.865716Z\",\"query\":\"a.org\",\"Z\":0}";

  @Test
  void aLineThatLeavesTheGuessedShapeIsReadByItsNames() {
    FlatJsonScan one = kept();
    assertThat(scan(one, KEPT.replace("\"query\"", "\"querx\""))).isTrue();
    assertThat(one.member("querx")).isEqualTo(2);
    assertThat(one.member("query")).isEqualTo(-1);
    FlatJsonScan added = kept();
    assertThat(scan(added, KEPT.replace("}", ",\"rtt\":0.5}"))).isTrue();
    assertThat(added.member("rtt")).isEqualTo(4);
    assertThat(added.member("Z")).isEqualTo(3);
    FlatJsonScan removed = kept();
    assertThat(scan(removed, KEPT.replace(",\"Z\":0", ""))).isTrue();
    assertThat(removed.member("Z")).isEqualTo(-1);
    assertThat(removed.member("query")).isEqualTo(2);
    FlatJsonScan spaced = kept();
    assertThat(scan(spaced, KEPT.replace("\"query\":", "\"query\" : "))).isTrue();
    assertThat(spaced.member("query")).isEqualTo(2);
    assertThat(spaced.text(2)).isEqualTo("a.org");
  }

  @Test
  void namesTheGuessDoesNotHoldAreRefusedAsWithoutIt() {
    // An escaped name (Json.parse would read "query"; the scan refuses escaped names), and a
    // duplicate after a shape without it was kept: both read by their names, both refused.
    assertThat(scan(kept(), KEPT.replace("\"query\"", "\"\\u0071uery\""))).isFalse();
    assertThat(scan(kept(), KEPT.replace("\"Z\"", "\"ts\""))).isFalse();
    assertThat(scan(kept(), KEPT.replace("}", ",\"query\":1}"))).isFalse();
    // The kept shape's line with the closing brace cut off, or a member's value cut short.
    assertThat(scan(kept(), KEPT.substring(0, KEPT.length() - 1))).isFalse();
    assertThat(scan(kept(), KEPT.replace("\"a.org\"", "\"a.org"))).isFalse();
  }
}
