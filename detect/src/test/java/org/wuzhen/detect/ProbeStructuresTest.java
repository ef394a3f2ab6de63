package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.pattern.ObjectPath;

/**
 * The structures the line-rate readers probe raw strings with, against the plain computation: the
 * {@link HashFilter} never rules out a key it holds, a path's keys on the NFC form hit the same
 * indicators whether a value is probed as ASCII bytes or as a String (and those are the indicators
 * a brute-force LIKE/MATCHES check finds), and {@link RawProbe.Indexes} hits exactly when some
 * index does. Seeded; a failure names its input.
 */
class ProbeStructuresTest {
  private static final ObjectPath DOMAIN =
      new ObjectPath("domain-name", List.of(new ObjectPath.Step.Key("value")));
  private static final ObjectPath IPV4 =
      new ObjectPath("ipv4-addr", List.of(new ObjectPath.Step.Key("value")));
  private static final ObjectPath IPV6 =
      new ObjectPath("ipv6-addr", List.of(new ObjectPath.Step.Key("value")));
  private static final ObjectPath URL =
      new ObjectPath("url", List.of(new ObjectPath.Step.Key("value")));

  @Test
  void hashFilterHoldsEveryKeyAndRulesOutMostOthers() {
    Random r = new Random(23);
    int[] keys = new int[200_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = r.nextInt();
    }
    HashFilter filter = HashFilter.of(keys, keys.length);
    for (int k : keys) {
      assertThat(filter.mayHold(k)).as("%d", k).isTrue();
    }
    Set<Integer> held = new java.util.HashSet<>();
    for (int k : keys) {
      held.add(k);
    }
    int others = 0;
    int maybe = 0;
    for (int i = 0; i < 200_000; i++) {
      int h = r.nextInt();
      if (!held.contains(h)) {
        others++;
        maybe += filter.mayHold(h) ? 1 : 0;
      }
    }
    // About 1 % at 16 bits per key; 3 % would mean the bits are badly spread.
    assertThat(maybe).as("false positives of %d", others).isLessThan(others * 3 / 100);
    assertThat(HashFilter.of(new int[0], 0).mayHold(5)).isFalse();
    assertThat(HashFilter.ALL.mayHold(5)).isTrue();
  }

  /** Near-miss texts over a small alphabet, so keys and values meet. */
  private static String text(Random r, int max) {
    String alphabet = "ab.-0";
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
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

  private static AsciiText view(String value) {
    byte[] line = ("{\"v\":\"" + value + "\"}").getBytes(StandardCharsets.US_ASCII);
    return new AsciiText().set(line, 6, 6 + value.length());
  }

  @Test
  void nfcKeysHitTheSameOnBytesAsOnStringsAndAsABruteForceCheck() {
    // With a regex of no literal start every value is searched; without, only those whose first
    // char starts some literal (and suffixes only for values ending in a suffix's last char).
    nfcKeysAgree(List.of("^xa[0-9]{1,2}\\.b", "a-0$", "^b\\.a", "^(a|b)0"), 29);
    nfcKeysAgree(List.of("^xa[0-9]{1,2}\\.b", "^b\\.a", "^a-"), 30);
  }

  private static void nfcKeysAgree(List<String> regexes, long seed) {
    Random r = new Random(seed);
    PathIndex.Builder builder = new PathIndex.Builder(DOMAIN);
    List<String> exact = new ArrayList<>();
    List<String> like = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    List<String> suffixes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      exact.add(text(r, 8));
      like.add(text(r, 8));
      prefixes.add("x" + text(r, 5));
      suffixes.add(text(r, 5) + "z");
    }
    // "Aa" and "BB" share a hash code: a code that agrees must still be compared.
    like.addAll(List.of("Aa", "AaBB"));
    prefixes.add("Aa");
    suffixes.add("BB");
    int id = 0;
    for (String e : exact) {
      builder.add(new IndexKey.Exact(DOMAIN, e), id++);
    }
    for (String l : like) {
      builder.add(new IndexKey.Like(DOMAIN, l), id++);
    }
    for (String p : prefixes) {
      builder.add(new IndexKey.Prefix(DOMAIN, p), id++);
    }
    for (String s : suffixes) {
      builder.add(new IndexKey.Suffix(DOMAIN, s), id++);
    }
    for (String x : regexes) {
      builder.add(new IndexKey.Regex(DOMAIN, com.google.re2j.Pattern.compile(x)), id++);
    }
    PathIndex index = builder.build();
    List<String> values = new ArrayList<>(List.of("", "Aa", "BB", "AaBB", "xAa", "BBz"));
    for (int i = 0; i < 20_000; i++) {
      values.add(
          switch (r.nextInt(4)) {
            case 0 -> text(r, 10);
            case 1 -> prefixes.get(r.nextInt(prefixes.size())) + text(r, 4);
            case 2 -> text(r, 4) + suffixes.get(r.nextInt(suffixes.size()));
            default -> "xa" + r.nextInt(200) + "." + text(r, 3);
          });
    }
    int hits = 0;
    for (String value : values) {
      Set<Integer> expected = new TreeSet<>();
      int k = 0;
      for (String e : exact) {
        if (value.equals(e)) {
          expected.add(k);
        }
        k++;
      }
      for (String l : like) {
        if (value.equals(l)) {
          expected.add(k);
        }
        k++;
      }
      for (String p : prefixes) {
        if (value.startsWith(p)) {
          expected.add(k);
        }
        k++;
      }
      for (String s : suffixes) {
        if (value.endsWith(s)) {
          expected.add(k);
        }
        k++;
      }
      for (String x : regexes) {
        if (com.google.re2j.Pattern.compile(x).matcher(value).find()) {
          expected.add(k);
        }
        k++;
      }
      assertThat(probe(index, value)).as("'%s' as a String", value).isEqualTo(expected);
      assertThat(probe(index, view(value))).as("'%s' as bytes", value).isEqualTo(expected);
      hits += expected.size();
    }
    assertThat(hits).as("not vacuous").isGreaterThan(5_000);
  }

  @Test
  void indexesHitExactlyWhenSomeIndexHits() {
    Random r = new Random(31);
    PathIndex.Builder domains = new PathIndex.Builder(DOMAIN);
    PathIndex.Builder v4 = new PathIndex.Builder(IPV4);
    PathIndex.Builder v6 = new PathIndex.Builder(IPV6);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String key = r.nextBoolean() ? text(r, 7) : "10.0." + r.nextInt(4) + "." + r.nextInt(256);
      keys.add(key);
      PathIndex.Builder b = i % 2 == 0 ? domains : v4;
      b.add(new IndexKey.Exact(b.path(), key), i);
    }
    domains.add(new IndexKey.Suffix(DOMAIN, ".b-"), 9_000);
    for (int i = 0; i < 100; i++) {
      String block = "10.1." + r.nextInt(4) + ".0/" + (16 + r.nextInt(17));
      v4.add(new IndexKey.InBlock(IPV4, IndexKeys.block(block).orElseThrow()), 10_000 + i);
    }
    v6.add(new IndexKey.InBlock(IPV6, IpNetwork.parse("2001:db8::/32").orElseThrow()), 20_000);
    PathIndex[] all = {domains.build(), v4.build(), v6.build()};
    // Behind a plan's filter, which holds the keys of other indexes too (here URLs).
    PathIndex.Builder urls = new PathIndex.Builder(URL);
    for (int i = 0; i < 5_000; i++) {
      urls.add(new IndexKey.Exact(URL, text(r, 9)), 30_000 + i);
    }
    List<PathIndex> plan = new ArrayList<>(List.of(all));
    plan.add(urls.build());
    RawProbe.Indexes indexes = new RawProbe.Indexes(all, RawProbe.exactKeys(plan));
    RawProbe.Indexes none = new RawProbe.Indexes(new PathIndex[0], RawProbe.exactKeys(plan));
    assertThat(none.isEmpty()).isTrue();
    // Narrowed to some types, behind the filter of all: a field's indexes (ZeekFields.feeds).
    RawProbe.Indexes names = indexes.only(java.util.Set.of("domain-name"));
    RawProbe.Indexes addresses = indexes.only(java.util.Set.of("ipv4-addr", "ipv6-addr"));
    assertThat(indexes.only(java.util.Set.of("network-traffic")).isEmpty()).isTrue();
    List<String> values = new ArrayList<>(List.of("2001:db8::1", "2001:db9::1", "", "a.b-"));
    for (int i = 0; i < 30_000; i++) {
      values.add(
          switch (r.nextInt(3)) {
            case 0 -> keys.get(r.nextInt(keys.size()));
            case 1 -> "10." + r.nextInt(3) + "." + r.nextInt(5) + "." + r.nextInt(300);
            default -> text(r, 7);
          });
    }
    Hits scratch = new Hits();
    int hits = 0;
    for (String value : values) {
      boolean expected = false;
      for (PathIndex index : all) {
        expected |= !probe(index, value).isEmpty();
      }
      assertThat(indexes.hits(value, scratch)).as("'%s' as a String", value).isEqualTo(expected);
      assertThat(indexes.hits(view(value), scratch)).as("'%s' as bytes", value).isEqualTo(expected);
      assertThat(none.hits(value, scratch)).isFalse();
      assertThat(names.hits(view(value), scratch))
          .as("'%s' as a name", value)
          .isEqualTo(!probe(all[0], value).isEmpty());
      assertThat(addresses.hits(view(value), scratch))
          .as("'%s' as an address", value)
          .isEqualTo(!probe(all[1], value).isEmpty() || !probe(all[2], value).isEmpty());
      hits += expected ? 1 : 0;
    }
    assertThat(hits).as("not vacuous").isGreaterThan(10_000);
    assertThat(hits).as("not everything").isLessThan(values.size() - 5_000);
  }

  /** A random block or address of the family, near {@code near} when given, else anywhere. */
  private static IpNetwork network(Random r, boolean v4, IpNetwork near, boolean block) {
    byte[] address = new byte[v4 ? 4 : 16];
    r.nextBytes(address);
    if (near != null) {
      int keep = r.nextInt(near.address().length * 8 + 1);
      for (int bit = 0; bit < keep; bit++) {
        int mask = 0x80 >>> (bit & 7);
        address[bit >> 3] =
            (byte) ((address[bit >> 3] & ~mask) | (near.address()[bit >> 3] & mask));
      }
    }
    int max = address.length * 8;
    int prefix =
        !block
            ? max
            : switch (r.nextInt(6)) {
              case 0 -> 0;
              case 1 -> max;
              case 2 -> max - r.nextInt(4);
              default -> r.nextInt(max + 1);
            };
    return new IpNetwork(address, prefix);
  }

  /** The first or last address of a block, or one beyond either end (wrapping at the ends). */
  private static IpNetwork edge(IpNetwork block, Random r) {
    byte[] a = block.address().clone();
    int max = a.length * 8;
    boolean last = r.nextBoolean();
    for (int bit = block.prefix(); bit < max; bit++) {
      int mask = 0x80 >>> (bit & 7);
      a[bit >> 3] = (byte) (last ? a[bit >> 3] | mask : a[bit >> 3] & ~mask);
    }
    if (r.nextBoolean()) { // step one address further out
      for (int i = a.length - 1; i >= 0; i--) {
        int v = (a[i] & 0xff) + (last ? 1 : -1);
        a[i] = (byte) v;
        if (v >= 0 && v <= 255) {
          break;
        }
      }
    }
    return new IpNetwork(a, max);
  }

  @Test
  void blockTableFindsTheContainingBlocksOfEveryPrefixLength() throws Exception {
    Random r = new Random(37);
    int hits = 0;
    for (int round = 0; round < 40; round++) {
      boolean v4 = round % 2 == 0;
      List<IpNetwork> blocks = new ArrayList<>();
      int count = round < 4 ? round : 1 + r.nextInt(round < 20 ? 50 : 3_000);
      for (int i = 0; i < count; i++) {
        IpNetwork near = blocks.isEmpty() || r.nextInt(3) == 0 ? null : blocks.get(r.nextInt(i));
        blocks.add(network(r, v4, near, true));
      }
      if (round % 5 == 4) { // the whole space, and the highest and lowest addresses
        blocks.add(new IpNetwork(new byte[v4 ? 4 : 16], 0));
        byte[] ones = new byte[v4 ? 4 : 16];
        java.util.Arrays.fill(ones, (byte) -1);
        blocks.add(new IpNetwork(ones, v4 ? 32 : 128));
        blocks.add(new IpNetwork(new byte[v4 ? 4 : 16], v4 ? 32 : 128));
      }
      Postings postings = new Postings();
      java.util.Map<BlockTable.Key, List<Integer>> keys = new java.util.HashMap<>();
      for (int i = 0; i < blocks.size(); i++) {
        keys.computeIfAbsent(BlockTable.Key.of(blocks.get(i)), k -> new ArrayList<>()).add(i);
      }
      java.util.Map<BlockTable.Key, Integer> packed = new java.util.HashMap<>();
      keys.forEach(
          (k, ids) ->
              packed.put(
                  k,
                  postings.pack(ids.stream().mapToInt(Integer::intValue).toArray(), ids.size())));
      BlockTable built = new BlockTable(packed);
      BlockTable read = roundTrip(built);
      assertThat(built.isEmpty()).isEqualTo(blocks.isEmpty());
      for (int i = 0; i < 2_000; i++) {
        IpNetwork value =
            blocks.isEmpty() || r.nextInt(4) == 0
                ? network(r, v4, null, r.nextInt(3) == 0)
                : r.nextBoolean()
                    ? edge(blocks.get(r.nextInt(blocks.size())), r)
                    : network(r, v4, blocks.get(r.nextInt(blocks.size())), r.nextInt(3) == 0);
        Set<Integer> expected = new TreeSet<>();
        for (int j = 0; j < blocks.size(); j++) {
          if (blocks.get(j).contains(value)) {
            expected.add(j);
          }
        }
        for (BlockTable table : new BlockTable[] {built, read}) {
          Hits found = new Hits();
          table.collectContaining(value, postings, found);
          Set<Integer> actual = new TreeSet<>();
          int n = found.distinctSorted();
          for (int k = 0; k < n; k++) {
            actual.add(found.get(k));
          }
          assertThat(actual).as("round %d, %s in %s", round, value, blocks).isEqualTo(expected);
        }
        hits += expected.size();
      }
    }
    assertThat(hits).as("not vacuous").isGreaterThan(20_000);
  }

  private static BlockTable roundTrip(BlockTable table) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    table.writeTo(new PlanFile.Out(new java.io.DataOutputStream(bytes)));
    // A plan file ends in a trailer that PlanFile.In never decodes as the plan.
    byte[] written =
        java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size() + PlanFile.In.TRAILER);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("block-table", ".bin");
    try {
      java.nio.file.Files.write(file, written);
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
        return BlockTable.readFrom(new PlanFile.In(channel, written.length));
      }
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void anIpv6BlockOfOneAddressHoldsThatAddress() {
    // A /128 block was stored as the byte -128 and never found (before the sorted ranges).
    PathIndex.Builder v6 = new PathIndex.Builder(IPV6);
    v6.add(new IndexKey.InBlock(IPV6, IpNetwork.parse("2001:db8::1/128").orElseThrow()), 7);
    v6.add(new IndexKey.InBlock(IPV6, IpNetwork.parse("2001:db8::/127").orElseThrow()), 8);
    PathIndex index = v6.build();
    assertThat(probe(index, "2001:db8::1")).containsExactly(7, 8);
    assertThat(probe(index, "2001:db8::")).containsExactly(8);
    assertThat(probe(index, "2001:db8::2")).isEmpty();
    assertThat(probe(index, "2001:db8::1/127")).containsExactly(8);
  }

  @Test
  void ipv6TextReadsExactlyWhatIpNetworkReadsAsIpv6() {
    Random r = new Random(43);
    List<String> inputs =
        new ArrayList<>(
            List.of(
                "::",
                "::1",
                "1::",
                "::/0",
                "::/128",
                "::/129",
                "::/01",
                "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7:8/64",
                "1:2:3:4:5:6:7::",
                "::2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4::5:6:7:8",
                "::ffff:1.2.3.4",
                "::ffff:1.2.3.4/96",
                "1:2:3:4:5:6:1.2.3.4",
                "1:2:3:4:5:6:7:1.2.3.4",
                "1.2.3.4::",
                "::1.2.3.4.5",
                "::01.2.3.4",
                ":::",
                "1:::2",
                ":1::2",
                "1::2:",
                "12345::",
                "fffff::",
                "FFFF::abcd",
                "2001:db8::1%eth0",
                "1.2.3.4/:",
                "g::",
                "1::/",
                "1::/1/2",
                "1::/\u0661"));
    String alphabet = "0123456789abcdefABCDEFg:::./";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      if (r.nextBoolean()) {
        int groups = r.nextBoolean() ? 8 : r.nextInt(10);
        for (int g = 0; g < groups; g++) {
          if (g > 0) {
            b.append(r.nextInt(8) == 0 ? "::" : ":");
          }
          b.append(Integer.toHexString(r.nextInt(r.nextInt(8) > 0 ? 0x10000 : 0x100000)));
        }
        if (r.nextInt(6) == 0) {
          b.append(":").append(r.nextInt(300)).append('.').append(r.nextInt(300)).append(".0.1");
        }
        if (r.nextBoolean()) {
          b.append('/').append(r.nextInt(140));
        }
      }
      for (int k = r.nextBoolean() ? 0 : r.nextInt(10); k > 0; k--) {
        b.insert(r.nextInt(b.length() + 1), alphabet.charAt(r.nextInt(alphabet.length())));
      }
      inputs.add(b.toString());
    }
    int valid = 0;
    long[] bits = new long[2];
    for (String s : inputs) {
      java.util.Optional<IpNetwork> expected = IpNetwork.parse(s).filter(n -> !n.isV4());
      for (CharSequence text : List.of(s, view(s))) {
        if (s.chars().anyMatch(c -> c > 0x7f)) {
          continue;
        }
        int prefix = Ipv6Text.parse(text, bits);
        if (expected.isEmpty()) {
          assertThat(prefix).as("'%s'", s).isEqualTo(Ipv6Text.INVALID);
        } else {
          byte[] a = expected.get().address();
          long high = 0;
          long low = 0;
          for (int k = 0; k < 8; k++) {
            high = high << 8 | (a[k] & 0xff);
            low = low << 8 | (a[k + 8] & 0xff);
          }
          assertThat(prefix).as("'%s'", s).isEqualTo(expected.get().prefix());
          assertThat(bits).as("'%s'", s).containsExactly(high, low);
        }
      }
      valid += expected.isPresent() ? 1 : 0;
    }
    assertThat(valid).as("not vacuous").isGreaterThan(5_000);
  }
}
