package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scan of a string value, which skips plain bytes eight at a time, against a byte-by-byte
 * reading of RFC 8259 strings as the scan accepts them (ASCII, no control char, the JSON escapes,
 * no escaped surrogate): the same verdict, the same escape flag and the same end, with the special
 * byte at every offset of the 8-byte words and near the end of the line. Seeded; a failure names
 * its line.
 */
class FlatJsonScanTest {
  private static final byte[] SPECIAL = {
    '"', '\\', 0x00, 0x1f, 0x20, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff, '/', 'u'
  };

  /** The content's verdict read one byte at a time: -1 refused, else 1 when escaped, 0 not. */
  private static int reference(byte[] content) {
    int escaped = 0;
    for (int i = 0; i < content.length; i++) {
      int c = content[i];
      if (c == '"' || c < 0x20) { // a bare quote ends the string early: then "}" is missing
        return -1;
      }
      if (c == '\\') {
        escaped = 1;
        if (i + 1 >= content.length) {
          return -1;
        }
        byte e = content[i + 1];
        if (e == 'u') {
          if (i + 6 > content.length) {
            return -1;
          }
          int v;
          try {
            v =
                Integer.parseInt(
                    new String(content, i + 2, 4, java.nio.charset.StandardCharsets.ISO_8859_1),
                    16);
          } catch (NumberFormatException ex) {
            return -1;
          }
          if (v >= 0xD800 && v <= 0xDFFF) {
            return -1;
          }
          i += 5;
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          return -1;
        } else {
          i += 1;
        }
      }
    }
    return escaped;
  }

  /** Bytes a stale buffer may hold after a line: digits, quotes, ends of lines, letters. */
  private static final byte[] STALE = {
    '0', '7', '9', '"', '\\', '\n', '\r', '}', ']', ',', 'a', 'e', ' ', 0x00, (byte) 0xff
  };

  /**
   * The line alone, or at the start of a buffer at least {@link ByteLines#SLACK} bytes longer whose
   * bytes after it are any of {@link #STALE}: the scan reads whole words past a line's end there.
   */
  static byte[] inBuffer(Random r, byte[] line) {
    return r.nextBoolean() ? line : withStale(r, line, line.length);
  }

  /** The first {@code length} bytes of {@code line} in a buffer, stale bytes after them. */
  private static byte[] withStale(Random r, byte[] line, int length) {
    byte[] buffer = java.util.Arrays.copyOf(line, length + ByteLines.SLACK + r.nextInt(9));
    for (int i = length; i < buffer.length; i++) {
      buffer[i] = STALE[r.nextInt(STALE.length)];
    }
    return buffer;
  }

  @Test
  void aLineIsReadTheSameWhateverBytesFollowItInItsBuffer() {
    // Every cut of real-looking lines (so strings, numbers, names and arrays end at the line's
    // end), alone and before stale bytes: the same verdict, the same members at the same places.
    String[] lines = {
      "{\"_path\":\"dns\",\"ts\":\"2018-03-24T17:15:20.865716Z\",\"id.orig_h\":\"10.47.1.100\","
          + "\"rtt\":0.0008699893951416016,\"TTLs\":[2230.0,41830.0],\"AA\":false,\"n\":-12e+3}",
      "{\"_path\":\"ssl\",\"validation_status\":\"ok\",\"client_cert_chain_fps\":[],"
          + "\"cert_chain_fps\":[\"b2da\"],\"established\":true,\"x\":null,\"e\":\"a\\\"b\"}"
    };
    Random r = new Random(53);
    FlatJsonScan alone = new FlatJsonScan();
    FlatJsonScan padded = new FlatJsonScan();
    int accepted = 0;
    for (String text : lines) {
      byte[] line = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int cut = 0; cut <= line.length; cut++) {
        for (int round = 0; round < 20; round++) {
          byte[] exact = java.util.Arrays.copyOf(line, cut);
          byte[] buffer = withStale(r, line, cut);
          boolean ok = alone.scan(exact, 0, cut);
          String as =
              text.substring(0, cut) + " | " + HexFormat.of().formatHex(buffer, cut, cut + 8);
          assertThat(padded.scan(buffer, 0, cut)).as(as).isEqualTo(ok);
          if (ok) {
            accepted++;
            for (String name :
                java.util.List.of("_path", "ts", "rtt", "TTLs", "n", "e", "cert_chain_fps")) {
              int m = alone.member(name);
              assertThat(padded.member(name)).as(as + " " + name).isEqualTo(m);
              if (m >= 0) {
                assertThat(padded.valueEnd(m)).as(as + " " + name).isEqualTo(alone.valueEnd(m));
                assertThat(padded.kind(m)).as(as + " " + name).isEqualTo(alone.kind(m));
              }
            }
          }
        }
      }
    }
    assertThat(accepted).as("the whole lines").isEqualTo(2 * 20);
  }

  @Test
  void emptyArraysAreReadAndMisplacedCommasRefused() {
    FlatJsonScan scan = new FlatJsonScan();
    byte[] line =
        "{\"a\":[],\"b\":[ ],\"c\":[\"x\"],\"d\":[1,2]}"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(scan.scan(line, 0, line.length)).isTrue();
    assertThat(scan.elementCount(scan.member("a"))).isZero();
    assertThat(scan.elementCount(scan.member("b"))).isZero();
    assertThat(scan.elementCount(scan.member("c"))).isEqualTo(1);
    assertThat(scan.elementCount(scan.member("d"))).isEqualTo(2);
    for (String bad :
        new String[] {
          "{\"a\":[,]}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":[,1]}", "{\"a\":[}"
        }) {
      byte[] b = bad.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(scan.scan(b, 0, b.length)).as(bad).isFalse();
    }
  }

  @Test
  void stringsAreReadAsByteByByte() {
    Random r = new Random(41);
    FlatJsonScan scan = new FlatJsonScan();
    int accepted = 0;
    int escaped = 0;
    for (int n = 0; n < 60_000; n++) {
      int length = r.nextInt(40);
      byte[] content = new byte[length];
      for (int i = 0; i < length; i++) {
        content[i] = (byte) ('a' + r.nextInt(26));
      }
      for (int k = r.nextInt(3); k > 0 && length > 0; k--) {
        content[r.nextInt(length)] = SPECIAL[r.nextInt(SPECIAL.length)];
      }
      if (length > 0 && r.nextInt(5) == 0) { // a whole escape, sometimes of a surrogate
        String escape =
            switch (r.nextInt(4)) {
              case 0 -> "\\n";
              case 1 -> "\\\"";
              case 2 -> "\\u00e9";
              default -> "\\ud800";
            };
        int at = r.nextInt(length);
        byte[] e = escape.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(e, 0, content, at, Math.min(e.length, length - at));
      }
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int pad = r.nextInt(9); // the string starts at every offset of an 8-byte word
      line.writeBytes(" ".repeat(pad).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      line.writeBytes("{\"a\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      line.writeBytes(content);
      boolean tail = r.nextBoolean();
      line.writeBytes(
          (tail ? "\",\"b\":1}" : "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] bytes = line.toByteArray();
      // Sometimes inside a larger buffer with any bytes after the line, as ByteLines' buffer.
      byte[] buffer = inBuffer(r, bytes);
      int expected = reference(content);
      boolean ok = scan.scan(buffer, 0, bytes.length);
      String name = HexFormat.of().formatHex(bytes);
      assertThat(ok).as(name).isEqualTo(expected >= 0);
      if (ok) {
        accepted++;
        int m = scan.member("a");
        assertThat(scan.escaped(m)).as(name).isEqualTo(expected == 1);
        assertThat(scan.valueEnd(m)).as(name).isEqualTo(pad + 6 + length + 1);
        escaped += expected;
      }
    }
    assertThat(accepted).as("not vacuous").isGreaterThan(10_000);
    assertThat(escaped).as("escapes accepted").isGreaterThan(1_000);
  }

  @Test
  void namesAlikeAtBothEndsAreToldApartAndDuplicatesRefused() {
    FlatJsonScan scan = new FlatJsonScan();
    // Same length, same first and last 8 bytes: the same name hash, different names.
    byte[] line =
        "{\"abcdefghXijklmnop\":1,\"abcdefghYijklmnop\":\"2\",\"ab\":3}"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(scan.scan(line, 0, line.length)).isTrue();
    assertThat(scan.member("abcdefghXijklmnop")).isEqualTo(0);
    assertThat(scan.member("abcdefghYijklmnop")).isEqualTo(1);
    assertThat(scan.member("ab")).isEqualTo(2);
    assertThat(scan.member("abcdefghZijklmnop")).isEqualTo(-1);
    assertThat(scan.member("ba")).isEqualTo(-1);
    byte[] twice =
        "{\"abcdefghXijklmnop\":1,\"abcdefghXijklmnop\":2}"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(scan.scan(twice, 0, twice.length)).isFalse();
  }

  @Test
  void linesOfKnownShapesFindTheirMembersAndRefuseDuplicates() {
    // Names alike in their keys: the same first, middle and last 8 bytes and length, told apart
    // only by the bytes between (longer than 24), or by the middle 8 (17 to 24 bytes long).
    String[] pool = {
      "ts",
      "uid",
      "id.orig_h",
      "_path",
      "abcdefghijklmnopXrstuvwxyz012345",
      "abcdefghijklmnopYrstuvwxyz012345",
      "abcdefghXjklmnopqrs",
      "abcdefghYjklmnopqrs",
      "abcdefghijklmnop",
      "abcdefgh",
      "a",
      ""
    };
    Random r = new Random(43);
    FlatJsonScan scan = new FlatJsonScan();
    int refused = 0;
    int shapes = 0;
    int lastShape = -1;
    for (int n = 0; n < 20_000; n++) {
      // Few shapes most of the time (as a log's lines), any at times, to reuse and refill slots.
      Random pick = r.nextInt(4) == 0 ? r : new Random(r.nextInt(6));
      int count = pick.nextInt(9);
      java.util.List<String> names = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add(pool[pick.nextInt(pool.length)]);
      }
      StringBuilder line = new StringBuilder("{");
      for (int i = 0; i < names.size(); i++) {
        line.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":").append(i);
      }
      byte[] bytes =
          line.append('}').toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      boolean duplicate = new java.util.HashSet<>(names).size() < names.size();
      String as = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(scan.scan(inBuffer(r, bytes), 0, bytes.length)).as(as).isEqualTo(!duplicate);
      if (duplicate) {
        refused++;
        continue;
      }
      for (String name : pool) {
        assertThat(scan.member(name)).as(as + " " + name).isEqualTo(names.indexOf(name));
      }
      if (scan.shape() != lastShape) {
        shapes++;
        lastShape = scan.shape();
      }
    }
    assertThat(refused).as("duplicates met").isGreaterThan(1_000);
    assertThat(shapes).as("shapes changed").isGreaterThan(100);
  }

  @Test
  void numbersAreReadAsTheGrammarReadsThem() {
    // Runs of digits of every length across the 8-byte words, with bytes next to the digits
    // ('/' and ':' border them, 0xFA and up carry in the word test) and the number's other parts.
    byte[] parts = {
      '0', '1', '5', '9', '9', '9', '-', '.', 'e', 'E', '+', '/', ':', 'x', (byte) 0xff
    };
    java.util.regex.Pattern grammar =
        java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    Random r = new Random(47);
    FlatJsonScan scan = new FlatJsonScan();
    int accepted = 0;
    for (int n = 0; n < 60_000; n++) {
      int length = 1 + r.nextInt(30);
      byte[] number = new byte[length];
      for (int i = 0; i < length; i++) {
        number[i] =
            r.nextInt(12) == 0 ? parts[r.nextInt(parts.length)] : (byte) ('0' + r.nextInt(10));
      }
      if (r.nextBoolean()) {
        number[0] = (byte) ('1' + r.nextInt(9));
      }
      String text = new String(number, java.nio.charset.StandardCharsets.ISO_8859_1);
      byte[] line =
          ("{\"a\":" + text + (r.nextBoolean() ? "}" : ",\"b\":2}"))
              .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      boolean expected = grammar.matcher(text).matches();
      assertThat(scan.scan(inBuffer(r, line), 0, line.length)).as(text).isEqualTo(expected);
      if (expected) {
        accepted++;
        int m = scan.member("a");
        assertThat(scan.valueEnd(m)).as(text).isEqualTo(5 + length);
        assertThat(scan.integer(m)).as(text).isEqualTo(text.matches("-?[0-9]+"));
      }
    }
    assertThat(accepted).as("not vacuous").isGreaterThan(10_000);
  }
}
