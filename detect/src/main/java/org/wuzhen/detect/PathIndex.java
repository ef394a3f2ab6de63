package org.wuzhen.detect;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code =}/{@code IN} strings one probe of a compact {@link StringTable} (no object per key, for
 * the millions of simple indicators); numbers and booleans one hash lookup; LIKE without wildcard
 * one lookup of the NFC text; prefixes and suffixes one hash lookup per distinct key length no
 * longer than the value; {@code ISSUBSET} one probe per distinct prefix length ({@link
 * BlockTable}); LIKE infixes and MATCHES regexes one scan each (linear in their number: the place a
 * regex set or Aho-Corasick automaton goes next). Built by {@link Builder}; immutable and
 * thread-safe.
 */
final class PathIndex {
  private final ObjectPath path;
  private final Postings postings;
  private final StringTable exactText;
  private final Map<Object, int[]> exactOther;
  private final Map<String, int[]> likeExact;
  private final Map<String, int[]> prefixes;
  private final Map<String, int[]> suffixes;
  private final int[] prefixLengths;
  private final int[] suffixLengths;

  /**
   * The sorted hash codes of the prefix and suffix keys: a value's prefix or suffix of each length
   * is hashed as it grows ({@link String#hashCode} is a polynomial), and only one whose hash is
   * here is cut out and looked up, so a miss costs no substring.
   */
  private final int[] prefixHashes;

  private final int[] suffixHashes;
  private final long[] prefixBits;
  private final long[] suffixBits;
  private final int[] likeHashes;
  private final FirstChars prefixFirst;
  private final FirstChars suffixLast;
  private final FirstChars regexFirst;
  private final List<Scan<String>> infixes;
  private final List<RegexScan> regexes;
  private final BlockTable v4;
  private final BlockTable v6;
  private final boolean needsNfc;

  private record Scan<T>(T test, int indicator) {}

  /**
   * A MATCHES regex with the literal text any match must start with ({@code ""} if none is known),
   * checked first because {@code startsWith} costs a fraction of a regex search.
   */
  private record RegexScan(com.google.re2j.Pattern regex, String anchoredLiteral, int indicator) {
    RegexScan(com.google.re2j.Pattern regex, int indicator) {
      this(regex, literalStart(regex.pattern()), indicator);
    }
  }

  /**
   * The literal a regex starts with after {@code ^}, so every match starts the text with it: RE2
   * without the multi-line flag reads {@code ^} as the start of the text. Conservative: empty when
   * the regex has an alternation or a flag group anywhere, and the run stops at the first char that
   * is not a letter, digit, {@code -} or {@code _}, dropping the last one when a quantifier follows
   * it.
   */
  static String literalStart(String regex) {
    if (!regex.startsWith("^") || regex.indexOf('|') >= 0 || regex.contains("(?")) {
      return "";
    }
    int end = 1;
    while (end < regex.length()) {
      char c = regex.charAt(end);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!plain) {
        break;
      }
      end++;
    }
    if (end < regex.length() && "?*+{".indexOf(regex.charAt(end)) >= 0) {
      end--;
    }
    return end <= 1 ? "" : regex.substring(1, end);
  }

  private PathIndex(Builder b) {
    this(b, new Postings());
  }

  private PathIndex(Builder b, Postings postings) {
    this(
        b.path,
        postings,
        table(b.exactText, postings),
        Map.copyOf(b.exactOther),
        Map.copyOf(b.likeExact),
        Map.copyOf(b.prefixes),
        Map.copyOf(b.suffixes),
        List.copyOf(b.infixes),
        List.copyOf(b.regexes),
        blocks(b.v4, postings),
        blocks(b.v6, postings));
    postings.trim();
  }

  private static StringTable table(Map<String, IntList> keys, Postings postings) {
    Map<String, Integer> packed = new HashMap<>(keys.size() * 2);
    keys.forEach((k, list) -> packed.put(k, list.pack(postings)));
    return new StringTable(packed);
  }

  private PathIndex(
      ObjectPath path,
      Postings postings,
      StringTable exactText,
      Map<Object, int[]> exactOther,
      Map<String, int[]> likeExact,
      Map<String, int[]> prefixes,
      Map<String, int[]> suffixes,
      List<Scan<String>> infixes,
      List<RegexScan> regexes,
      BlockTable v4,
      BlockTable v6) {
    this.path = path;
    this.postings = postings;
    this.exactText = exactText;
    this.exactOther = exactOther;
    this.likeExact = likeExact;
    this.prefixes = prefixes;
    this.suffixes = suffixes;
    this.infixes = infixes;
    this.regexes = regexes;
    this.v4 = v4;
    this.v6 = v6;
    prefixLengths = lengths(prefixes);
    suffixLengths = lengths(suffixes);
    prefixHashes = hashes(prefixes);
    suffixHashes = hashes(suffixes);
    prefixBits = bitsOf(prefixHashes);
    suffixBits = bitsOf(suffixHashes);
    likeHashes = hashes(likeExact);
    prefixFirst = FirstChars.of(prefixes.keySet(), false);
    suffixLast = FirstChars.of(suffixes.keySet(), true);
    regexFirst = FirstChars.of(regexes.stream().map(RegexScan::anchoredLiteral).toList(), false);
    needsNfc =
        !likeExact.isEmpty()
            || !prefixes.isEmpty()
            || !suffixes.isEmpty()
            || !infixes.isEmpty()
            || !regexes.isEmpty();
  }

  private static int[] lengths(Map<String, int[]> keys) {
    TreeSet<Integer> lengths = new TreeSet<>();
    keys.keySet().forEach(k -> lengths.add(k.length()));
    return lengths.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] hashes(Map<String, int[]> keys) {
    return keys.keySet().stream().mapToInt(String::hashCode).sorted().distinct().toArray();
  }

  private static BlockTable blocks(Map<BlockTable.Key, IntList> keys, Postings postings) {
    Map<BlockTable.Key, Integer> packed = new HashMap<>();
    keys.forEach((k, list) -> packed.put(k, list.pack(postings)));
    return new BlockTable(packed);
  }

  ObjectPath path() {
    return path;
  }

  /** Writes every key of this path ({@link PlanCache}); {@link #readFrom} reads it back. */
  void writeTo(PlanFile.Out out) throws java.io.IOException {
    out.writePath(path);
    postings.writeTo(out);
    exactText.writeTo(out);
    out.writeInt(exactOther.size());
    for (Map.Entry<Object, int[]> e : exactOther.entrySet()) {
      switch (e.getKey()) {
        case BigDecimal d -> {
          out.writeInt('N');
          out.writeString(d.toString());
        }
        case Boolean b -> {
          out.writeInt('B');
          out.writeBoolean(b);
        }
        default -> throw new IllegalStateException("an exact key of " + e.getKey().getClass());
      }
      out.writeInts(e.getValue());
    }
    out.writeKeys(likeExact);
    out.writeKeys(prefixes);
    out.writeKeys(suffixes);
    out.writeInt(infixes.size());
    for (Scan<String> s : infixes) {
      out.writeString(s.test());
      out.writeInt(s.indicator());
    }
    out.writeInt(regexes.size());
    for (RegexScan r : regexes) {
      out.writeString(r.regex().pattern());
      out.writeInt(r.regex().flags());
      out.writeInt(r.indicator());
    }
    v4.writeTo(out);
    v6.writeTo(out);
  }

  static PathIndex readFrom(PlanFile.In in) {
    ObjectPath path = in.readPath();
    Postings postings = Postings.readFrom(in);
    StringTable exactText = StringTable.readFrom(in);
    Map<Object, int[]> exactOther = new HashMap<>();
    for (int i = in.readCount(8); i > 0; i--) {
      int kind = in.readInt();
      Object key =
          switch (kind) {
            case 'N' -> new BigDecimal(in.readString());
            case 'B' -> in.readBoolean();
            default -> throw new IllegalStateException("unknown exact key kind " + kind);
          };
      exactOther.put(key, in.readInts());
    }
    Map<String, int[]> likeExact = in.readKeys();
    Map<String, int[]> prefixes = in.readKeys();
    Map<String, int[]> suffixes = in.readKeys();
    List<Scan<String>> infixes = new ArrayList<>();
    for (int i = in.readCount(8); i > 0; i--) {
      infixes.add(new Scan<>(in.readString(), in.readInt()));
    }
    List<RegexScan> regexes = new ArrayList<>();
    for (int i = in.readCount(12); i > 0; i--) {
      String regex = in.readString();
      int flags = in.readInt();
      regexes.add(new RegexScan(com.google.re2j.Pattern.compile(regex, flags), in.readInt()));
    }
    return new PathIndex(
        path,
        postings,
        exactText,
        Map.copyOf(exactOther),
        likeExact,
        prefixes,
        suffixes,
        List.copyOf(infixes),
        List.copyOf(regexes),
        BlockTable.readFrom(in),
        BlockTable.readFrom(in));
  }

  /** Adds every indicator with a key on this path that {@code value} hits to {@code out}. */
  void collect(JsonValue value, Hits out) {
    switch (value) {
      case JsonString s -> collectText(s.value(), out);
      case JsonNumber n -> {
        if (exactOther.isEmpty()) {
          return;
        }
        BigDecimal key;
        try {
          key = IndexKeys.number(n.asBigDecimal());
        } catch (NumberFormatException e) {
          return; // not a decimal the evaluator can compare either
        }
        addAll(exactOther.get(key), out);
      }
      case JsonBoolean b -> addAll(exactOther.get(b.value()), out);
      default -> {}
    }
  }

  /**
   * Adds every indicator with a key on this path that the text {@code raw} hits: a {@code String},
   * or a view of ASCII bytes ({@link AsciiText}), looked up without a {@code String} unless an IPv6
   * block or a LIKE infix needs one.
   */
  void probe(CharSequence raw, Hits out) {
    probe(raw, raw instanceof AsciiText a ? a.textHash() : raw.hashCode(), true, out);
  }

  /**
   * As {@link #probe(CharSequence, Hits)}, {@code hash} being the text's {@link String#hashCode};
   * the exact table is read only when {@code exactMaybe} (false when a {@link HashFilter} over its
   * keys has ruled the text out).
   */
  void probe(CharSequence raw, int hash, boolean exactMaybe, Hits out) {
    if (!(raw instanceof AsciiText ascii) || !infixes.isEmpty()) {
      collectText(raw.toString(), out);
      return;
    }
    // What collectText does for ASCII text, whose NFC form is itself (every char is below U+0300).
    if (exactMaybe) {
      postings.collect(exactText.get(ascii, hash), out);
    }
    if (v4.isEmpty() && v6.isEmpty()) {
      // no blocks
    } else if (!ascii.hasColon()) {
      if (!v4.isEmpty()) {
        long v = ascii.ipv4();
        if (v != Ipv4Text.INVALID) {
          v4.collectContaining(v << 32, 0, (int) (v >>> 32), postings, out);
        }
      }
    } else if (!v6.isEmpty()) {
      int prefix = ascii.ipv6();
      if (prefix != Ipv6Text.INVALID) {
        v6.collectContaining(ascii.ipv6Bits[0], ascii.ipv6Bits[1], prefix, postings, out);
      }
    }
    if (needsNfc) {
      collectNfcKeys(ascii, hash, out);
    }
  }

  /** The exact string keys, for a {@link HashFilter} in front of several paths' tables. */
  StringTable exactText() {
    return exactText;
  }

  private void collectText(String raw, Hits out) {
    postings.collect(exactText.get(raw), out);
    if (raw.indexOf(':') < 0) {
      if (!v4.isEmpty()) {
        long v = Ipv4Text.parse(raw);
        if (v != Ipv4Text.INVALID) {
          v4.collectContaining(v << 32, 0, (int) (v >>> 32), postings, out);
        }
      }
    } else if (!v6.isEmpty()) {
      // Only text with a colon can be IPv6 (and IpNetwork refuses IPv4 text with one).
      Optional<IpNetwork> block = IpNetwork.parse(raw);
      if (block.isPresent() && !block.get().isV4()) {
        v6.collectContaining(block.get(), postings, out);
      }
    }
    if (!needsNfc) {
      return;
    }
    String text = IndexKeys.nfc(raw);
    collectNfcKeys(text, text.hashCode(), out);
    for (Scan<String> s : infixes) {
      if (text.contains(s.test())) {
        out.add(s.indicator());
      }
    }
  }

  /**
   * The keys on the NFC form but the infixes: {@code text} is that form, {@code hash} its {@link
   * String#hashCode}. A String is cut out only where a hash code says a key may be there.
   */
  private void collectNfcKeys(CharSequence text, int hash, Hits out) {
    if (!likeExact.isEmpty() && Arrays.binarySearch(likeHashes, hash) >= 0) {
      addAll(likeExact.get(text.toString()), out); // LIKE without wildcards compares NFC forms
    }
    int n = text.length();
    if (n == 0) {
      collectEmpty(text, out);
      return;
    }
    int h = 0;
    int at = 0;
    for (int len : prefixLengths) {
      if (len > n || !prefixFirst.mayHold(text.charAt(0))) {
        break;
      }
      for (; at < len; at++) {
        h = 31 * h + text.charAt(at);
      }
      if (mayHold(prefixBits, h) && Arrays.binarySearch(prefixHashes, h) >= 0) {
        addAll(prefixes.get(text.subSequence(0, len).toString()), out);
      }
    }
    h = 0;
    at = n;
    int power = 1;
    for (int len : suffixLengths) {
      if (len > n || !suffixLast.mayHold(text.charAt(n - 1))) {
        break;
      }
      for (; n - at < len; power *= 31) {
        h += text.charAt(--at) * power;
      }
      if (mayHold(suffixBits, h) && Arrays.binarySearch(suffixHashes, h) >= 0) {
        addAll(suffixes.get(text.subSequence(n - len, n).toString()), out);
      }
    }
    if (regexFirst.mayHold(text.charAt(0))) {
      for (RegexScan r : regexes) {
        if (startsWith(text, r.anchoredLiteral()) && r.regex().matcher(text.toString()).find()) {
          out.add(r.indicator());
        }
      }
    }
  }

  /** {@link #collectNfcKeys} for the empty text, without the first- and last-char sets. */
  private void collectEmpty(CharSequence text, Hits out) {
    addAll(prefixes.get(""), out);
    addAll(suffixes.get(""), out);
    for (RegexScan r : regexes) {
      if (r.anchoredLiteral().isEmpty() && r.regex().matcher("").find()) {
        out.add(r.indicator());
      }
    }
  }

  /**
   * The chars a set of keys may start (or end) with, tested before the keys are: chars below 128 as
   * bits; any other char, or a key that is empty (it matches whatever the char), allows all.
   */
  private record FirstChars(long low, long high, boolean any) {
    static FirstChars of(java.util.Collection<String> keys, boolean last) {
      long low = 0;
      long high = 0;
      boolean any = false;
      for (String k : keys) {
        if (k.isEmpty()) {
          any = true;
          continue;
        }
        char c = k.charAt(last ? k.length() - 1 : 0);
        if (c >= 128) {
          any = true;
        } else if (c < 64) {
          low |= 1L << c;
        } else {
          high |= 1L << (c - 64);
        }
      }
      return new FirstChars(low, high, any);
    }

    boolean mayHold(char c) {
      return any || (c < 64 ? (low >>> c & 1) != 0 : c < 128 && (high >>> (c - 64) & 1) != 0);
    }
  }

  private static boolean startsWith(CharSequence text, String literal) {
    if (literal.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < literal.length(); i++) {
      if (text.charAt(i) != literal.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A 1,024-bit set of the mixed hash codes of the prefix or suffix keys, tested before the binary
   * search of their sorted codes: most lengths of most values hit no key.
   */
  private static long[] bitsOf(int[] hashes) {
    long[] bits = new long[16];
    for (int h : hashes) {
      int b = bit(h);
      bits[b >>> 6] |= 1L << b;
    }
    return bits;
  }

  private static boolean mayHold(long[] bits, int hash) {
    int b = bit(hash);
    return (bits[b >>> 6] & (1L << b)) != 0;
  }

  private static int bit(int hash) {
    return (hash * 0x9E3779B9) >>> 22;
  }

  private static void addAll(int[] hit, Hits out) {
    if (hit != null) {
      out.addAll(hit);
    }
  }

  /** The keys of one path while the engine compiles. Mutable; not thread-safe. */
  static final class Builder {
    private final ObjectPath path;
    private final Map<String, IntList> exactText = new HashMap<>();
    private final Map<Object, int[]> exactOther = new HashMap<>();
    private final Map<String, int[]> likeExact = new HashMap<>();
    private final Map<String, int[]> prefixes = new HashMap<>();
    private final Map<String, int[]> suffixes = new HashMap<>();
    private final List<Scan<String>> infixes = new ArrayList<>();
    private final List<RegexScan> regexes = new ArrayList<>();
    private final Map<BlockTable.Key, IntList> v4 = new HashMap<>();
    private final Map<BlockTable.Key, IntList> v6 = new HashMap<>();

    Builder(ObjectPath path) {
      this.path = path;
    }

    ObjectPath path() {
      return path;
    }

    void add(IndexKey key, int indicator) {
      switch (key) {
        case IndexKey.Exact e when e.value() instanceof String s ->
            exactText.computeIfAbsent(s, k -> new IntList()).add(indicator);
        case IndexKey.Exact e -> append(exactOther, e.value(), indicator);
        case IndexKey.Like l -> append(likeExact, l.text(), indicator);
        case IndexKey.Prefix p -> append(prefixes, p.text(), indicator);
        case IndexKey.Suffix s -> append(suffixes, s.text(), indicator);
        case IndexKey.Contains c -> infixes.add(new Scan<>(c.text(), indicator));
        case IndexKey.Regex r -> regexes.add(new RegexScan(r.regex(), indicator));
        case IndexKey.InBlock b ->
            (b.block().isV4() ? v4 : v6)
                .computeIfAbsent(BlockTable.Key.of(b.block()), k -> new IntList())
                .add(indicator);
      }
    }

    private static <K> void append(Map<K, int[]> map, K key, int indicator) {
      map.merge(
          key,
          new int[] {indicator},
          (a, b) -> {
            int[] out = java.util.Arrays.copyOf(a, a.length + 1);
            out[a.length] = b[0];
            return out;
          });
    }

    PathIndex build() {
      return new PathIndex(this);
    }
  }

  /** A growable list of indicator numbers for one key while compiling; most hold one. */
  static final class IntList {
    private int[] values = new int[1];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int pack(Postings postings) {
      return postings.pack(values, size);
    }
  }
}
