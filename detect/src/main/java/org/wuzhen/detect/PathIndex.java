package org.wuzhen.detect;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * Every index key on one object path, and the lookup of one value the path reaches. Per value:
 * exact keys one hash lookup (two when NFC changes the text); prefixes and suffixes one hash lookup
 * per distinct key length no longer than the value; the IP tries 32 or 128 steps; LIKE infixes and
 * MATCHES regexes one scan each (linear in their number: the place a regex set or Aho-Corasick
 * automaton goes next). Filled while the engine compiles, read-only after.
 */
final class PathIndex {
  private final ObjectPath path;
  private final Map<Object, int[]> exact = new HashMap<>();
  private final Map<String, int[]> prefixes = new HashMap<>();
  private final Map<String, int[]> suffixes = new HashMap<>();
  private final TreeSet<Integer> prefixLengths = new TreeSet<>();
  private final TreeSet<Integer> suffixLengths = new TreeSet<>();
  private final List<Scan<String>> infixes = new ArrayList<>();
  private final List<Scan<com.google.re2j.Pattern>> regexes = new ArrayList<>();
  private final IpTrie v4 = new IpTrie();
  private final IpTrie v6 = new IpTrie();
  private boolean hasBlocks;
  private int[] prefixLengthArray = new int[0];
  private int[] suffixLengthArray = new int[0];

  private record Scan<T>(T test, int indicator) {}

  PathIndex(ObjectPath path) {
    this.path = path;
  }

  ObjectPath path() {
    return path;
  }

  void add(IndexKey key, int indicator) {
    switch (key) {
      case IndexKey.Exact e -> exact.merge(e.value(), new int[] {indicator}, PathIndex::concat);
      case IndexKey.Prefix p -> {
        prefixes.merge(p.text(), new int[] {indicator}, PathIndex::concat);
        prefixLengths.add(p.text().length());
        prefixLengthArray = prefixLengths.stream().mapToInt(Integer::intValue).toArray();
      }
      case IndexKey.Suffix s -> {
        suffixes.merge(s.text(), new int[] {indicator}, PathIndex::concat);
        suffixLengths.add(s.text().length());
        suffixLengthArray = suffixLengths.stream().mapToInt(Integer::intValue).toArray();
      }
      case IndexKey.Contains c -> infixes.add(new Scan<>(c.text(), indicator));
      case IndexKey.Regex r -> regexes.add(new Scan<>(r.regex(), indicator));
      case IndexKey.InBlock b -> {
        (b.block().isV4() ? v4 : v6).insert(b.block(), indicator);
        hasBlocks = true;
      }
    }
  }

  /** Adds to {@code out} every indicator with a key on this path that {@code value} hits. */
  void collect(JsonValue value, BitSet out) {
    switch (value) {
      case JsonString s -> collectText(s.value(), out);
      case JsonNumber n -> {
        BigDecimal key;
        try {
          key = IndexKeys.number(n.asBigDecimal());
        } catch (NumberFormatException e) {
          return; // not a decimal the evaluator can compare either
        }
        orInto(exact.get(key), out);
      }
      case JsonBoolean b -> orInto(exact.get(b.value()), out);
      default -> {}
    }
  }

  private void collectText(String raw, BitSet out) {
    orInto(exact.get(raw), out);
    String text = IndexKeys.nfc(raw);
    if (text != raw) { // nfc() returns its argument when the text is already NFC
      orInto(exact.get(text), out); // LIKE without wildcards compares NFC forms
    }
    for (int len : prefixLengthArray) {
      if (len > text.length()) {
        break;
      }
      orInto(prefixes.get(text.substring(0, len)), out);
    }
    for (int len : suffixLengthArray) {
      if (len > text.length()) {
        break;
      }
      orInto(suffixes.get(text.substring(text.length() - len)), out);
    }
    for (Scan<String> s : infixes) {
      if (!out.get(s.indicator()) && text.contains(s.test())) {
        out.set(s.indicator());
      }
    }
    for (Scan<com.google.re2j.Pattern> r : regexes) {
      if (!out.get(r.indicator()) && r.test().matcher(text).find()) {
        out.set(r.indicator());
      }
    }
    if (hasBlocks) {
      Optional<IpNetwork> block = IpNetwork.parse(raw);
      if (block.isPresent()) {
        (block.get().isV4() ? v4 : v6).collectContaining(block.get(), out);
      }
    }
  }

  private static void orInto(int[] hit, BitSet out) {
    if (hit != null) {
      for (int i : hit) {
        out.set(i);
      }
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
