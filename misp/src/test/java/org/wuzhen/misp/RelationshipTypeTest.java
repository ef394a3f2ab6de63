package org.wuzhen.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** MISP reference types become STIX relationship types as the regular expression made them. */
class RelationshipTypeTest {
  private static final String CHARS = "aZ09-_ .:/\u00c9\u0130\ud83d\ude00\t";

  @Test
  void collapsesEveryRunOfOtherCharactersToOneHyphenAsTheRegexDid() {
    qt().withExamples(5_000)
        .forAll(lists().of(integers().between(0, CHARS.length() + 3)).ofSizeBetween(0, 16))
        .checkAssert(
            picks -> {
              StringBuilder b = new StringBuilder();
              for (int p : picks) {
                b.append(p < CHARS.length() ? CHARS.charAt(p) : (char) ('a' + p));
              }
              String type = b.toString();
              String regex = type.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
              assertThat(StixMapping.relationshipType(type))
                  .as(type)
                  .isEqualTo(regex.length() < 3 ? "related-to" : regex);
            });
  }
}
