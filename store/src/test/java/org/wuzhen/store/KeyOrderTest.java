package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The claims' insert order: the keys' order as the primary key's B-tree sorts them. */
class KeyOrderTest {
  @Test
  void ordersKeysAsTheirComparisonDoesWhenTheirLeadingBytesDiffer() {
    Random random = new Random(23);
    for (int example = 0; example < 200; example++) {
      List<ObjectCreators.Key> keys = randomKeys(random, 1 + random.nextInt(3_000));
      int[] order = KeyOrder.sorted(keys);
      List<ObjectCreators.Key> expected = new ArrayList<>(keys);
      expected.sort(Comparator.naturalOrder());
      // Keys that share their first 44 bits may come in either order: compare the prefixes only.
      assertThat(IntStream.of(order).mapToObj(i -> leading44(keys.get(i))).toList())
          .isEqualTo(expected.stream().map(KeyOrderTest::leading44).toList());
    }
  }

  @Test
  void givesEveryPositionOnceAndKeepsTiesInTheirOrder() {
    Random random = new Random(29);
    List<ObjectCreators.Key> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      // Few distinct leading bytes, so most keys tie on them.
      String id =
          "indicator--"
              + UUID.randomUUID().toString().replaceFirst("^.{8}", "0000000" + random.nextInt(4));
      keys.add(ObjectCreators.Key.of(id));
    }
    int[] order = KeyOrder.sorted(keys);
    assertThat(IntStream.of(order).sorted().toArray())
        .isEqualTo(IntStream.range(0, keys.size()).toArray());
    for (int i = 1; i < order.length; i++) {
      long before = leading44(keys.get(order[i - 1]));
      long after = leading44(keys.get(order[i]));
      assertThat(Long.compareUnsigned(before, after)).isLessThanOrEqualTo(0);
      if (before == after) {
        assertThat(order[i - 1]).isLessThan(order[i]);
      }
    }
  }

  @Test
  void ordersTextKeysShorterThanEightBytesAsTheirBytes() {
    List<ObjectCreators.Key> keys =
        List.of("b", "ab", "a", "x--NOT-A-UUID", "\u00e9").stream()
            .map(ObjectCreators.Key::of)
            .toList();
    assertThat(IntStream.of(KeyOrder.sorted(keys)).mapToObj(i -> keys.get(i)).toList())
        .isEqualTo(keys.stream().sorted().toList());
  }

  @Test
  void aKeyIsTheSameWhateverTypeTheObjectDeclares() {
    String uuid = UUID.randomUUID().toString();
    for (String id :
        List.of("indicator--" + uuid, "x-custom--" + uuid, "--" + uuid, "indicator--X")) {
      ObjectCreators.Key plain = ObjectCreators.Key.of(id);
      for (String type : List.of("indicator", "x-custom", "", "malware", "indicator--")) {
        ObjectCreators.Key hinted = ObjectCreators.Key.of(id, type);
        assertThat(hinted.bytes()).as(id + " " + type).isEqualTo(plain.bytes());
        assertThat(hinted.type()).as(id + " " + type).isEqualTo(plain.type());
      }
    }
  }

  private static List<ObjectCreators.Key> randomKeys(Random random, int n) {
    List<ObjectCreators.Key> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(
          switch (random.nextInt(4)) {
            case 0 -> ObjectCreators.Key.of("x-" + Long.toHexString(random.nextLong()));
            case 1 ->
                ObjectCreators.Key.of("Indicator--" + UUID.randomUUID().toString().toUpperCase());
            default -> ObjectCreators.Key.of("indicator--" + UUID.randomUUID(), "indicator");
          });
    }
    return keys;
  }

  /** A key's first 44 bits, unsigned, zeros past its end. */
  private static long leading44(ObjectCreators.Key key) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (i < key.bytes().length ? key.bytes()[i] & 0xFF : 0);
    }
    return v >>> 20;
  }
}
