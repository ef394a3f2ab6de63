package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fields of EVE's reads as a directed scan notes them ({@link JsonTape#noted}, read by {@link
 * FieldWalk}) against the walk over a whole scan of the same line, on generated EVE-like lines (the
 * shapes of {@link ObjectShapesTest}, one in four changed in one place): the same member (where its
 * value is) for every field, the records of every array of records, and the same root names found.
 */
class NotedMembersTest {
  private static final String MATCHING =
      "{\"timestamp\":\"2018-03-24T17:15:20.865716+0000\",\"event_type\":\"dns\","
          + "\"src_ip\":\"10.47.1.100\",\"src_port\":41772,\"dest_ip\":null,"
          + "\"dest_port\":53,\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\","
          + "\"rrname\":null,\"answers\":[{\"rrname\":\"a.example\",\"rdata\":\"134.71.3.16\"},"
          + "{\"rdata\":\"10.0.0.1\"},{}]},\"tls\":[{\"sni\":\"x\"}],\"http\":\"no object\"}";

  /** EVE's reads as {@link JsonLineCheck} numbers them: in order, inner reads after their own. */
  private static List<FieldWalk.Spec> specs(List<JsonLineCheck.Read> reads, int[] next) {
    List<FieldWalk.Spec> out = new ArrayList<>();
    for (JsonLineCheck.Read r : reads) {
      int number = next[0]++;
      out.add(new FieldWalk.Spec(FieldPath.of(r.name()), number, specs(r.inner(), next)));
    }
    return out;
  }

  @Test
  void theNotedMembersAreThoseTheWalkFinds() {
    int[] count = {0};
    List<FieldWalk.Spec> specs = specs(EveFields.INSTANCE.reads(), count);
    FieldWalk noting = FieldWalk.of(specs, count[0]).orElseThrow();
    FieldWalk walking = FieldWalk.of(specs, count[0]).orElseThrow();
    JsonTape directed = new JsonTape();
    JsonTape whole = new JsonTape();
    Random r = new Random(11);
    int compared = 0;
    for (int line = 0; line < 30_000; line++) {
      int pick = r.nextInt(10);
      String text =
          pick < 2
              ? MATCHING
              : ObjectShapesTest.SHAPES.get(r.nextInt(ObjectShapesTest.SHAPES.size()));
      if (r.nextInt(4) == 0) {
        text = ObjectShapesTest.changed(text, r);
      }
      byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
      if (!directed.scan(b, 0, b.length, noting.reads()) || directed.dottedRootName()) {
        continue;
      }
      assertThat(whole.scan(b, 0, b.length, false)).as(text).isTrue();
      noting.root(directed);
      walking.root(whole);
      compared++;
      for (int i = 0; i < noting.reads().names.length; i++) {
        assertThat(noting.rootFound(i))
            .as("%s: root name %d", text, i)
            .isEqualTo(walking.rootFound(i));
      }
      compare(specs, noting, directed, walking, whole, text);
    }
    assertThat(compared).isGreaterThan(20_000);
  }

  private static void compare(
      List<FieldWalk.Spec> specs,
      FieldWalk noting,
      JsonTape directed,
      FieldWalk walking,
      JsonTape whole,
      String text) {
    for (FieldWalk.Spec s : specs) {
      int a = noting.node(s.number());
      int w = walking.node(s.number());
      assertThat(span(directed, a))
          .as("%s: %s", text, s.path().whole.text)
          .isEqualTo(span(whole, w));
      if (s.inner().isEmpty() || a < 0 || directed.kind(a) != JsonTape.ARRAY) {
        continue;
      }
      for (int ea = directed.firstChild(a), ew = whole.firstChild(w);
          ea >= 0;
          ea = directed.nextSibling(ea), ew = whole.nextSibling(ew)) {
        assertThat(span(directed, ea)).isEqualTo(span(whole, ew));
        if (directed.kind(ea) != JsonTape.OBJECT) {
          continue;
        }
        noting.record(directed, s.number(), ea);
        walking.record(whole, s.number(), ew);
        compare(s.inner(), noting, directed, walking, whole, text);
      }
    }
  }

  /** Where a node's value is, and its kind; -1s for none. */
  private static List<Integer> span(JsonTape tape, int n) {
    return n < 0 ? List.of(-1, -1, -1) : List.of(tape.start(n), tape.stop(n), (int) tape.kind(n));
  }
}
