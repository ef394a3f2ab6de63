package org.wuzhen.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * Runs every case of src/test/resources/conformance/*.json. A file has optional named "fixtures"
 * (compact observation lists) and "cases". A case has a "pattern" and one expectation:
 *
 * <ul>
 *   <li>"match": true/false over "on" (a fixture), "observations" (compact list) or "bundle" (real
 *       STIX), with optional "binding" (observation positions) or "binding_ids";
 *   <li>"syntax_error": the expected column;
 *   <li>"check_error" / "check_warning": a message fragment, with optional "column";
 *   <li>"canonical": the expected canonical text; "clean": no findings at all;
 *   <li>"limit" with "limit_exceeded": true.
 * </ul>
 *
 * A compact observation is {"first", "last", "n", "objects", "id"}, all optional but objects.
 */
class ConformanceTest {

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(ConformanceTest.class.getResource("/conformance").toURI());
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        JsonObject suite = (JsonObject) Json.parse(Files.readAllBytes(file));
        JsonObject fixtures = suite.object("fixtures").orElse(JsonObject.EMPTY);
        for (JsonValue c : suite.array("cases").orElseThrow().elements()) {
          JsonObject kase = (JsonObject) c;
          String name =
              file.getFileName()
                  + ": "
                  + kase.string("name").orElse(kase.string("pattern").orElse("?"));
          out.add(Arguments.of(name, kase, fixtures));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conformsToTheSpecification(String name, JsonObject kase, JsonObject fixtures) {
    String pattern = kase.string("pattern").orElseThrow();
    if (kase.has("syntax_error")) {
      CheckResult result = Patterns.check(pattern);
      assertThat(result.pattern()).as("parsed pattern").isEmpty();
      assertThat(result.errors().get(0).column())
          .as(result.errors().toString())
          .isEqualTo(integer(kase, "syntax_error"));
      kase.string("message")
          .ifPresent(m -> assertThat(result.errors().get(0).toString()).contains(m));
      return;
    }
    if (kase.has("check_error") || kase.has("check_warning")) {
      boolean error = kase.has("check_error");
      String fragment = kase.string(error ? "check_error" : "check_warning").orElseThrow();
      CheckResult result = Patterns.check(pattern);
      assertThat(result.pattern()).as("parsed").isPresent();
      List<Finding> findings = error ? result.errors() : result.warnings();
      assertThat(findings)
          .as(result.findings().toString())
          .anySatisfy(
              f -> {
                assertThat(f.message()).contains(fragment);
                if (kase.has("column")) {
                  assertThat(f.column()).isEqualTo(integer(kase, "column"));
                }
              });
      if (!error) {
        assertThat(result.errors()).isEmpty();
      }
      return;
    }
    if (kase.has("clean")) {
      CheckResult result = Patterns.check(pattern);
      assertThat(result.findings()).isEmpty();
      assertThat(result.ok()).isTrue();
      return;
    }
    if (kase.has("canonical")) {
      CheckResult result = Patterns.check(pattern);
      assertThat(result.canonical()).contains(kase.string("canonical").orElseThrow());
      assertThat(Patterns.parse(result.canonical().orElseThrow()))
          .isEqualTo(result.pattern().orElseThrow());
      return;
    }
    JsonValue observations = observations(kase, fixtures);
    if (kase.has("limit_exceeded")) {
      MatchOutcome outcome =
          Patterns.match(pattern, observations, new EvaluationLimits(integer(kase, "limit")));
      assertThat(outcome).isInstanceOf(MatchOutcome.LimitExceeded.class);
      return;
    }
    MatchOutcome outcome = Patterns.match(pattern, observations);
    boolean expected = kase.get("match").orElseThrow() == org.wuzhen.stix.JsonBoolean.TRUE;
    if (!expected) {
      assertThat(outcome).isEqualTo(new MatchOutcome.NotMatched());
      return;
    }
    assertThat(outcome).isInstanceOf(MatchOutcome.Matched.class);
    List<String> ids = ((MatchOutcome.Matched) outcome).observedDataIds();
    if (kase.has("binding")) {
      List<String> want = new ArrayList<>();
      for (JsonValue v : kase.array("binding").orElseThrow().elements()) {
        want.add(defaultId(((JsonNumber) v).asLong().orElseThrow().intValue()));
      }
      assertThat(ids).isEqualTo(want);
    }
    if (kase.has("binding_ids")) {
      assertThat(ids).isEqualTo(kase.strings("binding_ids"));
    }
  }

  private static int integer(JsonObject o, String name) {
    return ((JsonNumber) o.get(name).orElseThrow()).asLong().orElseThrow().intValue();
  }

  static String defaultId(int i) {
    return String.format(Locale.ROOT, "observed-data--00000000-0000-4000-8000-%012d", i);
  }

  private static JsonValue observations(JsonObject kase, JsonObject fixtures) {
    if (kase.has("bundle")) {
      return kase.get("bundle").orElseThrow();
    }
    JsonArray compact =
        kase.has("on")
            ? fixtures
                .array(kase.string("on").orElseThrow())
                .orElseThrow(() -> new AssertionError("no fixture " + kase.string("on")))
            : kase.array("observations")
                .orElseThrow(() -> new AssertionError("case has no observations"));
    List<JsonValue> out = new ArrayList<>();
    for (int i = 0; i < compact.size(); i++) {
      out.add(expand((JsonObject) compact.get(i), i));
    }
    return new JsonArray(out);
  }

  /** A compact observation to a real observed-data object with embedded objects. */
  static JsonObject expand(JsonObject c, int i) {
    String first = c.string("first").orElse("2020-01-01T00:00:00Z");
    Optional<JsonValue> n = c.get("n");
    return JsonObject.builder()
        .put("type", "observed-data")
        .put("spec_version", "2.1")
        .put("id", c.string("id").orElse(defaultId(i)))
        .put("created", "2020-01-01T00:00:00Z")
        .put("modified", "2020-01-01T00:00:00Z")
        .put("first_observed", new JsonString(first))
        .put("last_observed", new JsonString(c.string("last").orElse(first)))
        .put("number_observed", n.orElse(JsonNumber.of(1)))
        .put("objects", c.object("objects").orElseThrow(() -> new AssertionError("no objects")))
        .build();
  }
}
