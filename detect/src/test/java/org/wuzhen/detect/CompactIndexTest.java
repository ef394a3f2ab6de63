package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.IpNetwork;

/**
 * The compact structures behind the engine's indexes, each against the plain computation it
 * replaces: a HashMap for {@link StringTable}, {@link IpNetwork#contains} for {@link BlockTable},
 * {@link IpNetwork#parse} for {@link Ipv4Text}. Seeded; a failure names its input.
 */
class CompactIndexTest {

  private static Set<Integer> collect(Postings postings, int posting) {
    Hits hits = new Hits();
    postings.collect(posting, hits);
    Set<Integer> out = new TreeSet<>();
    int n = hits.distinctSorted();
    for (int i = 0; i < n; i++) {
      out.add(hits.get(i));
    }
    return out;
  }

  @Test
  void stringTableAnswersWhatAHashMapAnswers() {
    Random r = new Random(7);
    Postings postings = new Postings();
    Map<String, Set<Integer>> expected = new HashMap<>();
    // "Aa" and "BB" share a hash code, as do "AaAa", "BBBB", "AaBB": collisions must be compared.
    List<String> keys =
        new ArrayList<>(
            List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "", "caf\u00e9", "\u4e2d\u6587"));
    for (int i = 0; i < 20_000; i++) {
      keys.add(randomText(r));
    }
    Map<String, Integer> packed = new HashMap<>();
    for (String k : keys) {
      int[] ids = new int[1 + (r.nextInt(10) == 0 ? r.nextInt(4) : 0)];
      for (int j = 0; j < ids.length; j++) {
        ids[j] = r.nextInt(1_000_000);
      }
      java.util.Arrays.sort(ids);
      expected.computeIfAbsent(k, x -> new TreeSet<>());
      packed.merge(k, postings.pack(ids, ids.length), (a, b) -> b);
      expected.put(k, new TreeSet<>(java.util.Arrays.stream(ids).boxed().toList()));
    }
    StringTable table = new StringTable(packed);
    postings.trim();
    assertThat(table.size()).isEqualTo(expected.size());
    for (Map.Entry<String, Set<Integer>> e : expected.entrySet()) {
      assertThat(collect(postings, table.get(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
    }
    for (int i = 0; i < 20_000; i++) {
      String probe = randomText(r);
      if (!expected.containsKey(probe)) {
        assertThat(table.get(probe)).as(probe).isEqualTo(Postings.NONE);
      }
    }
    assertThat(table.get("Ab")).isEqualTo(Postings.NONE);
    assertThat(new StringTable(Map.of()).get("x")).isEqualTo(Postings.NONE);
  }

  private static String randomText(Random r) {
    StringBuilder b = new StringBuilder();
    int length = r.nextInt(12);
    for (int i = 0; i < length; i++) {
      b.append(
          switch (r.nextInt(10)) {
            case 0 -> (char) (0x100 + r.nextInt(0x3000)); // needs UTF-16
            case 1 -> (char) (0x80 + r.nextInt(0x80)); // Latin-1, high half
            default -> (char) ('a' + r.nextInt(6));
          });
    }
    return b.toString();
  }

  @Test
  void blockTableFindsExactlyTheContainingBlocks() {
    Random r = new Random(11);
    for (boolean v4 : new boolean[] {true, false}) {
      List<IpNetwork> blocks = new ArrayList<>();
      Postings postings = new Postings();
      Map<BlockTable.Key, List<Integer>> keys = new HashMap<>();
      for (int i = 0; i < 3_000; i++) {
        IpNetwork b = randomNetwork(r, v4, true);
        blocks.add(b);
        keys.computeIfAbsent(BlockTable.Key.of(b), k -> new ArrayList<>()).add(i);
      }
      Map<BlockTable.Key, Integer> packed = new HashMap<>();
      keys.forEach(
          (k, ids) ->
              packed.put(
                  k,
                  postings.pack(ids.stream().mapToInt(Integer::intValue).toArray(), ids.size())));
      BlockTable table = new BlockTable(packed);
      int hits = 0;
      for (int i = 0; i < 3_000; i++) {
        IpNetwork value = randomNetwork(r, v4, r.nextInt(4) == 0);
        Set<Integer> expected = new TreeSet<>();
        for (int j = 0; j < blocks.size(); j++) {
          if (blocks.get(j).contains(value)) {
            expected.add(j);
          }
        }
        Hits found = new Hits();
        table.collectContaining(value, postings, found);
        Set<Integer> actual = new TreeSet<>();
        int n = found.distinctSorted();
        for (int k = 0; k < n; k++) {
          actual.add(found.get(k));
        }
        assertThat(actual).as("%s", value).isEqualTo(expected);
        hits += expected.size();
      }
      assertThat(hits).as("not vacuous").isGreaterThan(1_000);
    }
  }

  /** Addresses from a small space (so blocks and values meet), with host bits sometimes set. */
  private static IpNetwork randomNetwork(Random r, boolean v4, boolean block) {
    byte[] address = new byte[v4 ? 4 : 16];
    address[0] = (byte) (v4 ? 10 : 0x20);
    for (int i = 1; i < address.length; i++) {
      address[i] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : r.nextInt(3));
    }
    int max = address.length * 8;
    return new IpNetwork(address, block ? r.nextInt(max + 1) : max);
  }

  /** Texts near IPv4 addresses and blocks, with stray characters inserted. */
  private static List<String> addressTexts(Random r) {
    String alphabet = "0123456789./:a ";
    List<String> inputs =
        new ArrayList<>(
            List.of(
                "1.2.3.4",
                "0.0.0.0/0",
                "255.255.255.255/32",
                "01.2.3.4",
                "1.2.3.4/033",
                "1.2.3.4/33",
                "256.1.1.1",
                "1.2.3",
                "1.2.3.4.5",
                "1.2.3.4/",
                "1.2.3.4/8/8",
                "1..2.3",
                "",
                "1.2.3.4 ",
                "1234.1.1.1",
                "1.2.3.4/0",
                "1.2.3.4/00"));
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      if (r.nextBoolean()) {
        b.append(r.nextInt(300)).append('.').append(r.nextInt(300)).append('.');
        b.append(r.nextInt(300)).append('.').append(r.nextInt(300));
        if (r.nextBoolean()) {
          b.append('/').append(r.nextInt(40));
        }
      }
      int extra = r.nextInt(r.nextBoolean() ? 3 : 16);
      for (int j = 0; j < extra; j++) {
        b.insert(r.nextInt(b.length() + 1), alphabet.charAt(r.nextInt(alphabet.length())));
      }
      inputs.add(b.toString());
    }
    return inputs;
  }

  @Test
  void addressVersionAndNetworkAreWhatIpNetworkSays() {
    List<String> inputs = addressTexts(new Random(5));
    inputs.addAll(
        List.of(
            "2001:db8::1",
            "::1",
            "::",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8/64",
            "2001:db8::/129",
            "1.2.3.4/:",
            "fe80::1%eth0",
            "2001:db8:::1"));
    int addresses = 0;
    for (String s : inputs) {
      Optional<IpNetwork> parsed = IpNetwork.parse(s);
      int expected = parsed.isEmpty() || s.indexOf('/') >= 0 ? 0 : parsed.get().isV4() ? 4 : 6;
      assertThat(Observables.addressVersion(s)).as("'%s'", s).isEqualTo(expected);
      assertThat(Observables.isNetwork(s)).as("'%s'", s).isEqualTo(parsed.isPresent());
      addresses += expected == 0 ? 0 : 1;
    }
    assertThat(addresses).as("not vacuous").isGreaterThan(5_000);
  }

  @Test
  void prefixAndSuffixKeysHitExactlyTheValuesThatStartOrEndWithThem() {
    Random r = new Random(13);
    PathIndex.Builder builder =
        new PathIndex.Builder(
            new org.wuzhen.pattern.ObjectPath(
                "domain-name", List.of(new org.wuzhen.pattern.ObjectPath.Step.Key("value"))));
    // "Aa" and "BB" share a hash code: a hash that agrees must still be compared.
    List<String> prefixes = new ArrayList<>(List.of("Aa", "AaAa", "a", "ab"));
    List<String> suffixes = new ArrayList<>(List.of("BB", "BBBB", "Aa", ".org"));
    for (int i = 0; i < 300; i++) {
      prefixes.add(randomText(r));
      suffixes.add(randomText(r));
    }
    prefixes.removeIf(String::isEmpty);
    suffixes.removeIf(String::isEmpty);
    for (int i = 0; i < prefixes.size(); i++) {
      builder.add(new IndexKey.Prefix(builder.path(), prefixes.get(i)), i);
    }
    for (int i = 0; i < suffixes.size(); i++) {
      builder.add(new IndexKey.Suffix(builder.path(), suffixes.get(i)), 1000 + i);
    }
    PathIndex index = builder.build();
    List<String> values = new ArrayList<>(List.of("AaBB", "BBAa", "AaAaBBBB", "x.org", ""));
    for (int i = 0; i < 20_000; i++) {
      values.add(randomText(r) + randomText(r));
    }
    int hits = 0;
    for (String raw : values) {
      String value = IndexKeys.nfc(raw);
      Set<Integer> expected = new TreeSet<>();
      for (int i = 0; i < prefixes.size(); i++) {
        if (value.startsWith(prefixes.get(i))) {
          expected.add(i);
        }
      }
      for (int i = 0; i < suffixes.size(); i++) {
        if (value.endsWith(suffixes.get(i))) {
          expected.add(1000 + i);
        }
      }
      Hits found = new Hits();
      index.probe(raw, found);
      Set<Integer> actual = new TreeSet<>();
      int n = found.distinctSorted();
      for (int k = 0; k < n; k++) {
        actual.add(found.get(k));
      }
      assertThat(actual).as("'%s'", raw).isEqualTo(expected);
      hits += expected.size();
    }
    assertThat(hits).as("not vacuous").isGreaterThan(1_000);
  }

  @Test
  void ipv4TextAcceptsExactlyWhatIpNetworkAccepts() {
    List<String> inputs = addressTexts(new Random(3));
    int valid = 0;
    for (String s : inputs) {
      if (s.indexOf(':') >= 0) {
        continue; // the engine hands text with a colon to IpNetwork itself
      }
      Optional<IpNetwork> expected = IpNetwork.parse(s);
      long actual = Ipv4Text.parse(s);
      byte[] padded = ("x" + s + "y").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(Ipv4Text.parse(padded, 1, 1 + s.length()))
          .as("'%s' as bytes", s)
          .isEqualTo(actual);
      if (expected.isEmpty()) {
        assertThat(actual).as("'%s'", s).isEqualTo(Ipv4Text.INVALID);
      } else {
        valid++;
        byte[] a = expected.get().address();
        long address =
            ((a[0] & 0xffL) << 24)
                | ((a[1] & 0xffL) << 16)
                | ((a[2] & 0xffL) << 8)
                | (a[3] & 0xffL);
        assertThat(actual)
            .as("'%s'", s)
            .isEqualTo(address | ((long) expected.get().prefix() << 32));
      }
    }
    assertThat(valid).as("not vacuous").isGreaterThan(10_000);
  }

  private static Set<Integer> probe(PathIndex index, CharSequence value) {
    Hits found = new Hits();
    index.probe(value, found);
    Set<Integer> out = new TreeSet<>();
    int n = found.distinctSorted();
    for (int k = 0; k < n; k++) {
      out.add(found.get(k));
    }
    return out;
  }

  @Test
  void probingAsciiBytesHitsWhatProbingTheStringHits() {
    Random r = new Random(17);
    PathIndex.Builder builder =
        new PathIndex.Builder(
            new org.wuzhen.pattern.ObjectPath(
                "ipv4-addr", List.of(new org.wuzhen.pattern.ObjectPath.Step.Key("value"))));
    List<String> keys = new ArrayList<>(List.of("Aa", "BB", "10.0.0.1", "", "a:b"));
    String alphabet = "0123456789.:/abAB";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = r.nextInt(10); j > 0; j--) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      keys.add(r.nextBoolean() ? b.toString() : "10.0." + r.nextInt(4) + "." + r.nextInt(256));
    }
    for (int i = 0; i < keys.size(); i++) {
      builder.add(new IndexKey.Exact(builder.path(), keys.get(i)), i);
    }
    for (int i = 0; i < 200; i++) {
      String block = "10.0." + r.nextInt(4) + ".0/" + (16 + r.nextInt(17));
      builder.add(
          new IndexKey.InBlock(builder.path(), IndexKeys.block(block).orElseThrow()), 10_000 + i);
    }
    builder.add(
        new IndexKey.InBlock(builder.path(), IpNetwork.parse("2001:db8::/32").orElseThrow()),
        20_000);
    PathIndex index = builder.build();
    List<String> values = new ArrayList<>(List.of("2001:db8::1", "2001:db9::1", "Aa", "BB", ""));
    for (int i = 0; i < 20_000; i++) {
      values.add(
          r.nextBoolean()
              ? keys.get(r.nextInt(keys.size()))
              : "10.0." + r.nextInt(5) + "." + r.nextInt(300));
    }
    AsciiText view = new AsciiText();
    int hits = 0;
    for (String value : values) {
      byte[] line =
          ("{\"v\":\"" + value + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      view.set(line, 6, 6 + value.length());
      Set<Integer> expected = probe(index, value);
      assertThat(probe(index, view)).as("'%s'", value).isEqualTo(expected);
      hits += expected.size();
    }
    assertThat(hits).as("not vacuous").isGreaterThan(10_000);
    assertThat(probe(index, "2001:db8::1")).containsExactly(20_000);
  }

  @Test
  void regexLiteralStartIsOnlyWhatEveryMatchStartsWith() {
    assertThat(PathIndex.literalStart("^login[0-9]{2,4}\\.bank")).isEqualTo("login");
    assertThat(PathIndex.literalStart("^10\\.")).isEqualTo("10");
    assertThat(PathIndex.literalStart("^abc?")).isEqualTo("ab");
    assertThat(PathIndex.literalStart("^a*")).isEmpty();
    assertThat(PathIndex.literalStart("^abc|xyz")).isEmpty();
    assertThat(PathIndex.literalStart("^ab(?i)c")).isEmpty();
    assertThat(PathIndex.literalStart("abc")).isEmpty();
    assertThat(PathIndex.literalStart("^")).isEmpty();
  }
}
