package org.wuzhen.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonValue;

/**
 * Coverage-guided fuzzing of the patterning parser, checker and matcher. The input is read as
 * UTF-8, except that the bytes F8 to FF, which UTF-8 never uses, stand for lone surrogates (U+D800
 * + byte - F8, U+DC00 + byte - FC). Regression inputs: {@code PatternFuzzTestInputs/<method>/}.
 */
class PatternFuzzTest {
  /** Observed data for the matcher: a file, an address and a connection between them. */
  private static final JsonValue BUNDLE =
      Json.parse(
          """
          {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
           {"type":"observed-data","spec_version":"2.1",
            "id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
            "created":"2016-04-06T19:58:16.000Z","modified":"2016-04-06T19:58:16.000Z",
            "first_observed":"2015-12-21T19:00:00Z","last_observed":"2015-12-21T19:00:00Z",
            "number_observed":2,"objects":{
             "0":{"type":"file","name":"a b.exe","size":25536,
                  "hashes":{"SHA-256":"aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"},
                  "payload_bin":"AAE="},
             "1":{"type":"ipv4-addr","value":"198.51.100.3"},
             "2":{"type":"network-traffic","src_ref":"1","dst_port":443,"protocols":["tcp","tls"],
                  "start":"2015-12-21T19:00:00.123Z"}}}]}
          """);

  /**
   * The parser refuses only with {@link PatternSyntaxException} at a column inside the text (or
   * just past its end); what it accepts prints canonically to a text that parses to the same tree
   * and prints the same again. The checker agrees with the parser and never throws.
   */
  @FuzzTest
  @DictionaryFile(resourcePath = "patterns.dict")
  void parsedPatternsPrintCanonicallyAndReparseToTheSameTree(byte[] input) {
    String text = text(input);
    CheckResult checked = Patterns.check(text);
    Pattern pattern;
    try {
      pattern = Patterns.parse(text);
    } catch (PatternSyntaxException refused) {
      assertThat(refused.column()).as(text).isBetween(1, text.length() + 1);
      assertThat(refused).hasMessageStartingWith("col " + refused.column() + ": ");
      assertThat(checked.pattern()).isEmpty();
      assertThat(checked.ok()).isFalse();
      return;
    }
    String canonical = Patterns.print(pattern);
    Pattern reparsed = Patterns.parse(canonical);
    assertThat(reparsed).as(canonical).isEqualTo(pattern);
    assertThat(Patterns.print(reparsed)).isEqualTo(canonical);
    assertThat(checked.pattern()).contains(pattern);
    for (Finding f : checked.findings()) {
      assertThat(f.column()).as("%s in %s", f, text).isBetween(0, text.length() + 1);
    }
  }

  /**
   * Matching any text against real observed data never throws: every failure is an outcome, and a
   * match names observed-data objects of the bundle.
   */
  @FuzzTest
  @DictionaryFile(resourcePath = "patterns.dict")
  void matchingNeverThrowsAndNamesOnlyGivenObservations(byte[] input) {
    MatchOutcome outcome = Patterns.match(text(input), BUNDLE, new EvaluationLimits(20_000));
    if (outcome instanceof MatchOutcome.Matched matched) {
      assertThat(matched.observedDataIds())
          .containsExactly("observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf");
    }
  }

  private static String text(byte[] input) {
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
