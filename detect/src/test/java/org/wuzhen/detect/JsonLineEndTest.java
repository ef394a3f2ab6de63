package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A JSON line's end found by its directed scan ({@link JsonLineCheck#lineEnd}) against the end
 * found by searching the bytes and a look at the line so found, on generated EVE-like lines (the
 * shapes of {@link ObjectShapesTest}, changed now and then) ended in every way: {@code \n}, {@code
 * \r\n}, a bare {@code \r}, spaces or tabs before the {@code \n}, bytes or a second object after
 * the brace, empty lines, lines longer than the buffer's window, a last line without an end.
 */
class JsonLineEndTest {
  private static final DetectionEngine PLAN = EveLineRateTest.PRESENT;

  private static final String MATCHING =
      "{\"timestamp\":\"2018-03-24T17:15:20.865716+0000\",\"event_type\":\"dns\","
          + "\"src_ip\":\"10.47.1.100\",\"src_port\":41772,\"dest_ip\":\"10.0.0.100\","
          + "\"dest_port\":53,\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\","
          + "\"rrname\":\"a.example\",\"answers\":[{\"rrname\":\"a.example\",\"rdata\":\"134.71.3.16\"}]}}";

  private static final List<String> ENDS =
      List.of("\n", "\r\n", "\r", " \n", "\t \n", " x\n", "}\n", "{}\n", "\n\n", " \r\n");

  /** Lines of the four shapes and the matching one, one in six changed, ended in turn. */
  private static byte[] lines(Random r, int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      int pick = r.nextInt(12);
      String line =
          pick < 2
              ? MATCHING
              : ObjectShapesTest.SHAPES.get(
                  pick < 8 ? 0 : r.nextInt(ObjectShapesTest.SHAPES.size()));
      if (r.nextInt(6) == 0) {
        line = ObjectShapesTest.changed(line, r);
      }
      if (r.nextInt(200) == 0) {
        // Longer than the 4 KiB a line's end is looked for within.
        line = line.replace("\"proto\":", "\"pad\":\"" + "p".repeat(5000) + "\",\"proto\":");
      }
      out.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(
          (r.nextInt(4) == 0 ? ENDS.get(r.nextInt(ENDS.size())) : "\n")
              .getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes(MATCHING.getBytes(StandardCharsets.ISO_8859_1)); // no end
    return out.toByteArray();
  }

  @Test
  void theEndFoundByTheScanIsTheFirstLineEndAndTheLookIsTheSame() {
    Random r = new Random(20261207L);
    byte[] data = lines(r, 20_000);
    byte[] b = java.util.Arrays.copyOf(data, data.length + ByteLines.SLACK);
    JsonLineCheck ending = check();
    JsonLineCheck searching = check();
    int found = 0;
    int from = 0;
    while (from < data.length) {
      int limit = Math.min(data.length, from + ByteLines.WHOLE_LINE + r.nextInt(4096));
      int end = ending.lineEnd(b, from, limit);
      int searched = ByteLines.paddedLineEnd(b, from, data.length);
      if (end >= 0) {
        found++;
        assertThat(end).as("at %d", from).isEqualTo(searched);
        assertThat(b[end]).isEqualTo((byte) '\n');
      }
      if (searched > from) {
        assertThat(ending.look(b, from, searched))
            .as(
                "at %d: %s",
                from, new String(b, from, searched - from, StandardCharsets.ISO_8859_1))
            .isEqualTo(searching.look(b, from, searched));
      }
      from = searched + 1;
    }
    assertThat(found).as("ends found by the scan").isGreaterThan(10_000);
  }

  @Test
  void aFileOfSuchLinesIsReadAsTheExactReaderReadsIt() {
    byte[] data = lines(new Random(7), 20_000);
    LineRateDifferential.Outcome eve = LineRateDifferential.agreeEve("ends.json", data, PLAN);
    assertThat(eve.matches()).hasSizeGreaterThan(1_000);
    assertThat(eve.unmatched()).isGreaterThan(3_000);
    assertThat(eve.report().badLineCount()).isGreaterThan(100);
    LineRateDifferential.agreeMapped("ends.json", data, PLAN, MappedLineRateTest.EVE_MAPPING);
  }

  private static JsonLineCheck check() {
    return new JsonLineCheck(() -> PLAN.probe("eve", EveFields::verbatim), EveFields.INSTANCE);
  }
}
