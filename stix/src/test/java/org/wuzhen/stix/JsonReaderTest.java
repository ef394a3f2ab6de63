package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  @Test
  void reportsLineAndColumnOfMalformedJson() {
    assertThatThrownBy(() -> Json.parse("{\n  \"type\": \"bundle\",\n  \"id\" \"x\"\n}"))
        .isInstanceOfSatisfying(
            JsonSyntaxException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage()).startsWith("line 3, col ");
            });
  }

  @Test
  void refusesDuplicateMemberNames() {
    assertThatThrownBy(() -> Json.parse("{\"id\":\"a\",\"type\":\"b\",\"id\":\"c\"}"))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessageContaining("duplicate member name 'id'");
  }

  @Test
  void refusesDuplicateNamesInLargeObjects() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      text.append("\"k").append(i).append("\":").append(i).append(',');
    }
    text.append("\"k7\":0}");
    assertThatThrownBy(() -> Json.parse(text.toString()))
        .hasMessageContaining("duplicate member name 'k7'");
  }

  @Test
  void refusesNestingBeyondTheLimit() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThatThrownBy(() -> Json.parse(deep))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessageContaining("nesting deeper than 100 levels");
  }

  @Test
  void acceptsNestingAtTheLimit() {
    String deep = "[".repeat(100) + "]".repeat(100);
    assertThat(Json.parse(deep)).isInstanceOf(JsonArray.class);
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] bytes = "{\"name\":\"ab\"}".getBytes(StandardCharsets.UTF_8);
    bytes[10] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    assertThatThrownBy(() -> Json.parse(bytes))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessageContaining("UTF-8");
  }

  /**
   * RFC 8259 §8.1: JSON text is UTF-8. Jackson guesses UTF-16 or UTF-32 from a byte-order mark or
   * NUL bytes at the start; such text was decoded (or failed with an UncheckedIOException) instead
   * of being refused, and {@link Json#arrayElementTexts} then cut its byte slices at char offsets.
   */
  @Test
  void refusesUtf16AndUtf32Text() {
    String text = "{\"objects\":[{\"a\":1}]}";
    byte[][] encodings = {
      text.getBytes(StandardCharsets.UTF_16BE),
      text.getBytes(StandardCharsets.UTF_16LE),
      text.getBytes(StandardCharsets.UTF_16),
      new byte[] {(byte) 0xFF, (byte) 0xFE, '[', 0, ']', 0},
      text.getBytes(java.nio.charset.Charset.forName("UTF-32BE")),
      text.getBytes(java.nio.charset.Charset.forName("UTF-32LE")),
      new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 'i', 'd', 'i', '"'},
    };
    for (byte[] bytes : encodings) {
      assertThatThrownBy(() -> Json.parse(bytes))
          .isInstanceOf(JsonSyntaxException.class)
          .hasMessageStartingWith("line 1, col ")
          .hasMessageContaining("JSON text must be UTF-8");
      assertThatThrownBy(() -> Json.arrayElementTexts(bytes, "objects"))
          .isInstanceOf(JsonSyntaxException.class)
          .hasMessageContaining("JSON text must be UTF-8");
    }
  }

  /**
   * Jackson's size limits (number length, string length, name length) fail without a location; the
   * reader turned them into an UncheckedIOException, which the TAXII server answered with 500.
   */
  @Test
  void refusesValuesOverTheSizeLimitsNamingWhereAndTheLimit() {
    String number = "1".repeat(1001);
    assertThatThrownBy(() -> Json.parse("{\"objects\":[{\"type\":\"x\"},{\"n\":" + number + "}]}"))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessageContaining("/objects/1/n")
        .hasMessageContaining("(1000)")
        .hasMessageNotContaining("StreamReadConstraints");
    assertThatThrownBy(() -> Json.parse("[-0." + number + "]"))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessageContaining("/0")
        .hasMessageContaining("1000");
    JsonLimits small = new JsonLimits(10, 8, 1000);
    byte[] longString = "{\"a\":\"123456789\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Json.parse(longString, small))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessageContaining("/a")
        .hasMessageContaining("(8)");
    byte[] longName = "{\"123456789\":1}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Json.parse(longName, small))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessageContaining("(8)");
  }

  @Test
  void acceptsANumberAtTheLengthLimit() {
    assertThat(Json.parse("[" + "1".repeat(1000) + "]")).isInstanceOf(JsonArray.class);
  }

  @Test
  void refusesTrailingContentAndEmptyInput() {
    assertThatThrownBy(() -> Json.parse("{} {}"))
        .hasMessageContaining("unexpected content after the JSON document");
    assertThatThrownBy(() -> Json.parse("   ")).hasMessageContaining("empty document");
  }

  @Test
  void refusesTruncatedDocument() {
    assertThatThrownBy(() -> Json.parse("{\"objects\":[{\"type\":\"x"))
        .isInstanceOf(JsonSyntaxException.class);
  }

  @Test
  void refusesUnpairedSurrogatesInStringsAndNamesButKeepsPairs() {
    for (String text :
        new String[] {
          "{\"name\":\"\\ud800\"}",
          "{\"name\":\"a\\udc00b\"}",
          "{\"\\ud801\":1}",
          "[\"\\ud83d\"]",
          "[\"\\ud83d\\u0041\"]"
        }) {
      assertThatThrownBy(() -> Json.parse(text))
          .as(text)
          .isInstanceOf(JsonSyntaxException.class)
          .hasMessageContaining("surrogate");
    }
    assertThat(((JsonArray) Json.parse("[\"\\ud83d\\ude00\"]")).get(0))
        .isEqualTo(new JsonString("\ud83d\ude00"));
  }
}
