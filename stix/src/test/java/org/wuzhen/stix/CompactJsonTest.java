package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The compact writer against the one it stands in for: for any value, {@link Json#writeBytes} (the
 * compact writer, or Jackson where it declines) gives exactly the bytes Jackson's generator gives.
 */
class CompactJsonTest {

  /** Characters that exercise every branch: escapes, 1-4 byte UTF-8, lone and paired surrogates. */
  private static final char[] CHARS = {
    'a', 'Z', '0', ' ', '/', '~', 0x7F, '"', '\\', '\n', '\r', '\t', '\b', '\f', 0x00, 0x01, 0x1F,
    0x80, 0xE9, 0x7FF, 0x800, 0x4E2D, 0xFFFD, 0xFFFF, 0xD83D, 0xDE00, 0xDBFF, 0xDFFF, 0x2028
  };

  static Gen<String> strings() {
    return lists()
        .of(integers().between(0, CHARS.length + 5))
        .ofSizeBetween(0, 24)
        .map(
            picks -> {
              StringBuilder b = new StringBuilder();
              for (int p : picks) {
                // Mostly plain letters, as real text is; the rest from the edge cases.
                b.append(p < CHARS.length ? CHARS[p] : (char) ('a' + p));
              }
              return b.toString();
            });
  }

  static Gen<JsonValue> scalars() {
    return integers()
        .between(0, 5)
        .zip(
            strings(),
            integers().between(-1_000_000, 1_000_000),
            (kind, text, n) ->
                switch (kind) {
                  case 0 -> JsonNull.INSTANCE;
                  case 1 -> JsonBoolean.of(n % 2 == 0);
                  case 2 -> JsonNumber.of(n);
                  case 3 -> new JsonNumber(n + ".5e-3");
                  default -> new JsonString(text);
                });
  }

  static Gen<JsonValue> values() {
    return lists()
        .of(strings().zip(scalars(), (name, v) -> new Object[] {name, v}))
        .ofSizeBetween(0, 8)
        .zip(
            lists().of(scalars()).ofSizeBetween(0, 5),
            integers().between(0, 2),
            (members, elements, shape) -> {
              JsonObject.Builder o = JsonObject.builder();
              for (Object[] m : members) {
                o.put((String) m[0], (JsonValue) m[1]);
              }
              o.put("list", new JsonArray(new ArrayList<>(elements)));
              o.put("nested", JsonObject.builder().put("x", new JsonArray(List.of())).build());
              JsonObject built = o.build();
              return switch (shape) {
                case 0 -> built;
                case 1 -> new JsonArray(List.of(built, built));
                default -> elements.isEmpty() ? built : elements.getFirst();
              };
            });
  }

  @Test
  void writesTheBytesJacksonWrites() {
    qt().withExamples(3_000)
        .forAll(values())
        .checkAssert(
            v -> {
              byte[] jackson;
              try {
                jackson = Json.writeWithJackson(v, false);
              } catch (RuntimeException refused) {
                // What Jackson cannot write, the compact writer must not write either.
                assertThat(CompactJson.utf8(v)).isNull();
                return;
              }
              assertThat(Json.writeBytes(v, false)).isEqualTo(jackson);
              byte[] lent = Json.readCompact(v, (utf8, length) -> Arrays.copyOf(utf8, length));
              assertThat(lent).isEqualTo(jackson);
              byte[] compact = CompactJson.utf8(v);
              if (compact != null) {
                assertThat(new String(compact, StandardCharsets.UTF_8))
                    .isEqualTo(new String(jackson, StandardCharsets.UTF_8));
              }
            });
  }

  @Test
  void writesPlainObjectsItselfAndLeavesLoneSurrogatesToJackson() {
    JsonObject plain =
        JsonObject.builder().put("name", "caf\u00e9 \ud83d\ude00 \"q\"\n").put("n", 1).build();
    assertThat(CompactJson.utf8(plain)).isEqualTo(Json.writeWithJackson(plain, false));
    assertThat(CompactJson.utf8(new JsonString("a\ud800b"))).isNull();
  }

  @Test
  void aReaderThatWritesJsonItselfDoesNotOverwriteWhatItWasLent() {
    JsonObject outer = JsonObject.builder().put("outer", "x".repeat(100)).build();
    JsonObject inner = JsonObject.builder().put("inner", 1).build();
    String read =
        Json.readCompact(
            outer,
            (utf8, length) -> {
              assertThat(Json.write(inner)).isEqualTo("{\"inner\":1}");
              return new String(utf8, 0, length, StandardCharsets.UTF_8);
            });
    assertThat(read).isEqualTo(Json.write(outer));
  }

  @Test
  void aHugeValueIsWrittenWholeAndTheNextOneToo() {
    List<JsonValue> many = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      many.add(new JsonString("element " + i));
    }
    JsonArray huge = new JsonArray(many);
    assertThat(Json.writeBytes(huge, false)).isEqualTo(Json.writeWithJackson(huge, false));
    JsonString small = new JsonString("small");
    assertThat(Json.write(small)).isEqualTo("\"small\"");
  }
}
