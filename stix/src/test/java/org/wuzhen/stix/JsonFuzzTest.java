package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the JSON reader. In a normal build each method runs once on every file
 * of {@code JsonFuzzTestInputs/<method>/} (Jazzer's regression mode); with {@code JAZZER_FUZZ=1}
 * Jazzer fuzzes one method and adds what it finds there (see docs/development.md).
 */
class JsonFuzzTest {

  /**
   * The byte reader refuses only with {@link JsonSyntaxException} ("line L, col C: ..."), accepts
   * only valid UTF-8, and what it reads is written back, compact or indented, to a text that reads
   * as the same value.
   */
  @FuzzTest
  void bytesReadOnlyAsValuesThatWriteBackUnchanged(byte[] input) {
    JsonValue value;
    try {
      value = Json.parse(input);
    } catch (JsonSyntaxException refused) {
      assertThat(refused).hasMessageStartingWith("line ");
      return;
    }
    assertThat(isUtf8(input)).as("accepted text is valid UTF-8").isTrue();
    assertWritesBack(value);
  }

  /**
   * The text reader behaves as the byte reader on the text's UTF-8. In the input, the bytes F8 to
   * FF, which UTF-8 never uses, stand for lone surrogates (U+D800 + byte - F8, U+DC00 + byte - FC),
   * the one kind of Java text without a UTF-8 form; the rest is read as UTF-8.
   */
  @FuzzTest
  void textReadsAsItsUtf8AndWritesBackUnchanged(byte[] input) {
    String text = text(input);
    JsonValue value;
    try {
      value = Json.parse(text);
    } catch (JsonSyntaxException refused) {
      assertThat(refused).hasMessageStartingWith("line ");
      return;
    }
    assertWritesBack(value);
  }

  private static void assertWritesBack(JsonValue value) {
    assertThat(Json.parse(Json.writeBytes(value, false))).isEqualTo(value);
    assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    assertThat(Json.parse(Json.writePretty(value))).isEqualTo(value);
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  static String text(byte[] input) {
    StringBuilder out = new StringBuilder(input.length);
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    for (byte b : input) {
      int u = b & 0xFF;
      if (u >= 0xF8) {
        out.append(run.toString(StandardCharsets.UTF_8));
        run.reset();
        out.append((char) (u < 0xFC ? 0xD800 + u - 0xF8 : 0xDC00 + u - 0xFC));
      } else {
        run.write(u);
      }
    }
    return out.append(run.toString(StandardCharsets.UTF_8)).toString();
  }
}
