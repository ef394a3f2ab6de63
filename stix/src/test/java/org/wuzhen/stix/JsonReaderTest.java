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
}
