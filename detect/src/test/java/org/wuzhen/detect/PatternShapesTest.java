package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.CheckResult;
import org.wuzhen.pattern.ObservationExpression;
import org.wuzhen.pattern.Patterns;

/**
 * Reading a pattern by its shape gives exactly the full parser's and checker's answer: the same
 * tree for every pattern it accepts, and nothing for those the parser or checker refuses.
 */
class PatternShapesTest {
  private static final String[] HEADS = {
    "[ipv4-addr:value = '",
    "[ipv4-addr:value ISSUBSET '",
    "[ipv6-addr:value ISSUBSET '",
    "[domain-name:value MATCHES '",
    "[domain-name:value LIKE '",
    "[domain-name:value NOT = '",
    "[domain-name:value != '",
    "[file:hashes.'SHA-256' = '",
    "[file:hashes.MD5 = '",
    "[url:value='",
    "[ network-traffic:dst_ref.value = '",
    "[network-traffic:dst_port = '",
    "[file:size > '",
    "[file:created = t'",
    "[file:name = b'",
    "[file:name = h'",
    "[x-custom:x_field = '",
    "[ipv4-addr:value = 'a' OR ipv4-addr:value = '",
    "[ipv4-addr:value IN ('",
    "[domain-name:value = '",
  };
  private static final String[] CONTENTS = {
    "198.51.100.7",
    "10.0.0.0/8",
    "10.0.0.1/8",
    "2001:db8::/32",
    "not a block",
    "^login[0-9]+\\.",
    "(",
    "%.example.org",
    "caf\u00e9",
    "",
    "it\\'s",
    "back\\\\slash",
    "2020-01-01T00:00:00Z",
    "AAAA",
    "00ff",
    "d41d8cd98f00b204e9800998ecf8427e",
  };

  @Test
  void shapeReadingAgreesWithTheFullParserAndChecker() {
    PatternShapes shapes = new PatternShapes();
    List<String> texts = new ArrayList<>();
    for (String head : HEADS) {
      for (String content : CONTENTS) {
        texts.add(head + content + "']");
        texts.add(head + content + "'] ");
        texts.add(head + content + "')]");
      }
    }
    Random r = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      texts.add(HEADS[r.nextInt(HEADS.length)] + CONTENTS[r.nextInt(CONTENTS.length)] + "']");
    }
    int read = 0;
    for (String text : texts) {
      Optional<ObservationExpression> fast = shapes.read(text);
      CheckResult full = Patterns.check(text);
      if (fast.isPresent()) {
        read++;
        assertThat(full.ok()).as(text).isTrue();
        assertThat(fast.get()).as(text).isEqualTo(full.pattern().orElseThrow().root());
      }
    }
    assertThat(read).as("not vacuous").isGreaterThan(500);
    // Refused by the checker: never read by shape.
    assertThat(shapes.read("[network-traffic:dst_port = '80']")).isEmpty();
    assertThat(shapes.read("[ipv4-addr:value ISSUBSET 'not a block']")).isEmpty();
    assertThat(shapes.read("[ipv4-addr:value ISSUBSET '10.0.0.0/8']")).isPresent();
  }
}
