package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.StixObject;

/**
 * The engine at feed scale: 200,000 simple indicators (addresses, domains, hashes, blocks, some
 * values shared by several indicators) compile into the compact tables with every one counted, and
 * each probed value finds exactly the indicators that name it, in compilation order.
 */
class ManyIndicatorsTest {
  private static final int COUNT = 200_000;

  private static String address(int i) {
    return "198." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255);
  }

  @Test
  void twoHundredThousandIndicatorsMatchExactlyTheirValues() {
    Random r = new Random(17);
    List<StixObject> indicators = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      String pattern =
          switch (i % 4) {
            case 0 -> "[ipv4-addr:value = '" + address(i / 2) + "']"; // i and i + 2 share
            case 1 -> "[domain-name:value = 'd" + i + ".example.com']";
            case 2 -> "[ipv4-addr:value = '" + address((i - 2) / 2) + "']";
            default ->
                "[ipv4-addr:value ISSUBSET '10." + (i % 256) + "." + (i / 256 % 256) + ".0/24']";
          };
      indicators.add(Fixtures.indicator(i, pattern));
    }
    DetectionEngine engine = DetectionEngine.compile(indicators);
    assertThat(engine.report().total()).isEqualTo(COUNT);
    assertThat(engine.report().indexed()).isEqualTo(COUNT);
    assertThat(engine.report().rejected()).isEmpty();
    assertThat(engine.alwaysCheckCount()).isZero();

    for (int probe = 0; probe < 2_000; probe++) {
      int i = 4 * r.nextInt(COUNT / 4);
      List<String> addressHits = ids(engine, Fixtures.ip(address(i / 2)));
      assertThat(addressHits).containsExactly(Fixtures.id(i), Fixtures.id(i + 2));
      assertThat(ids(engine, Fixtures.domain("d" + (i + 1) + ".example.com")))
          .containsExactly(Fixtures.id(i + 1));
      int block = i + 3;
      String inside = "10." + (block % 256) + "." + (block / 256 % 256) + "." + r.nextInt(256);
      assertThat(ids(engine, Fixtures.ip(inside))).contains(Fixtures.id(block));
    }
    assertThat(ids(engine, Fixtures.ip("203.0.113.1"))).isEmpty();
    assertThat(ids(engine, Fixtures.domain("absent.example.com"))).isEmpty();
  }

  private static List<String> ids(DetectionEngine engine, org.wuzhen.stix.JsonObject sco) {
    return engine.match(Fixtures.event(sco)).stream().map(Match::indicatorId).toList();
  }
}
