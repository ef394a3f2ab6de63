package org.wuzhen.stix.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real published STIX 2.1 content (MITRE ATT&CK, OASIS examples) must validate without errors. */
class RealDataValidationTest {
  private final StixValidator validator = new StixValidator();

  static Stream<Path> realFiles() throws URISyntaxException, IOException {
    Path data = Path.of(RealDataValidationTest.class.getResource("/data").toURI());
    try (Stream<Path> files = Files.walk(data)) {
      List<Path> json = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(json).hasSizeGreaterThanOrEqualTo(11);
      return json.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realFiles")
  void realFileHasNoErrorsButTheUpperCaseIdWuzhenRefuses(Path file) {
    List<Finding> findings = validator.validate(read(file));
    List<String> errors =
        findings.stream().filter(Finding::isError).map(f -> f.rule() + " " + f).toList();
    // The OASIS infrastructure example writes one relationship id with upper-case hex, which
    // Wuzhen refuses (StixId.caseProblem, docs/taxii.md "Identifiers").
    if (file.endsWith("infrastructure.json")) {
      assertThat(errors)
          .singleElement()
          .asString()
          .contains("id-case")
          .contains("relationship--81f12913-1372-4c96-85ec-E9034ac98aba");
    } else {
      assertThat(errors).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realFiles")
  void realFileWarnsOnlyAboutKnownDeviations(Path file) {
    Map<String, Long> byRule = new TreeMap<>();
    for (Finding f : validator.validate(read(file))) {
      byRule.merge(f.rule(), 1L, Long::sum);
    }
    // What real data legitimately gives: ATT&CK's own relationship types (detects,
    // subtechnique-of, revoked-by) and its deprecated data components with
    // x_mitre_data_source_ref ""; in the OASIS examples an upper-case UUID
    // (infrastructure.json, an error), SCOs repeated in the SCO example list and truncated
    // placeholder payload_bin values there, and SCOs with random ids where their
    // properties could make deterministic ones.
    assertThat(byRule.keySet())
        .isSubsetOf(
            "vocabulary",
            "custom-ref",
            "id-case",
            "duplicate-id",
            "binary-value",
            "sco-id-not-deterministic");
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
