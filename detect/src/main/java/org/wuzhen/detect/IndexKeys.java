package org.wuzhen.detect;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.pattern.ComparisonExpression;
import org.wuzhen.pattern.ComparisonExpression.Comparison;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.pattern.Literal;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.pattern.ObservationExpression;
import org.wuzhen.pattern.Qualifier;

/**
 * Derives, from a pattern that one event can decide, a set of index keys such that whenever the
 * pattern matches an event, at least one key hits the event. Empty means no such set exists (the
 * indicator is checked against every event).
 *
 * <p>STIX 2.1 §9.5: all operands of AND hold for the same object, so the keys of any one operand
 * suffice (the cheapest is taken); OR needs the keys of every operand.
 */
final class IndexKeys {
  private IndexKeys() {}

  /**
   * Keys for an observation expression whose every binding uses one observation (see {@link
   * #singleObservation}): OR needs the keys of every operand, a qualifier those of its expression.
   */
  static Optional<List<IndexKey>> of(ObservationExpression e) {
    return switch (e) {
      case ObservationExpression.Observation o -> of(o.comparison());
      case ObservationExpression.Or or -> {
        List<IndexKey> all = new ArrayList<>();
        for (ObservationExpression x : or.operands()) {
          Optional<List<IndexKey>> keys = of(x);
          if (keys.isEmpty()) {
            yield Optional.empty();
          }
          all.addAll(keys.get());
        }
        yield Optional.of(all);
      }
      case ObservationExpression.Qualified q -> of(q.expression());
      case ObservationExpression.And a -> Optional.empty();
      case ObservationExpression.FollowedBy f -> Optional.empty();
    };
  }

  /**
   * True when every binding of the expression is a single observation, so one event decides it
   * without state: brackets, OR of such, and the qualifiers WITHIN, START/STOP and REPEATS 1 TIMES
   * on such (STIX 2.1 §9.5.1: a window over one observation always holds, START/STOP checks its
   * time). AND, FOLLOWEDBY and REPEATS n &gt; 1 need several observations: windowed state.
   */
  static boolean singleObservation(ObservationExpression e) {
    return switch (e) {
      case ObservationExpression.Observation o -> true;
      case ObservationExpression.Or or ->
          or.operands().stream().allMatch(IndexKeys::singleObservation);
      case ObservationExpression.Qualified q ->
          !(q.qualifier() instanceof Qualifier.Repeats r && r.times() > 1)
              && singleObservation(q.expression());
      case ObservationExpression.And a -> false;
      case ObservationExpression.FollowedBy f -> false;
    };
  }

  static Optional<List<IndexKey>> of(ComparisonExpression e) {
    return switch (e) {
      case Comparison c -> comparison(c);
      case ComparisonExpression.And a -> {
        List<IndexKey> best = null;
        for (ComparisonExpression x : a.operands()) {
          Optional<List<IndexKey>> keys = of(x);
          if (keys.isPresent() && (best == null || cost(keys.get()) < cost(best))) {
            best = keys.get();
          }
        }
        yield Optional.ofNullable(best);
      }
      case ComparisonExpression.Or o -> {
        List<IndexKey> all = new ArrayList<>();
        for (ComparisonExpression x : o.operands()) {
          Optional<List<IndexKey>> keys = of(x);
          if (keys.isEmpty()) {
            yield Optional.empty();
          }
          all.addAll(keys.get());
        }
        yield Optional.of(all);
      }
    };
  }

  /** Worst key class first, then the number of keys. */
  private static long cost(List<IndexKey> keys) {
    int worst = 0;
    for (IndexKey k : keys) {
      worst = Math.max(worst, k.cost());
    }
    return worst * 1_000_000L + keys.size();
  }

  private static Optional<List<IndexKey>> comparison(Comparison c) {
    // A negated comparison holds where values differ; nothing to look up.
    if (c.negated() || binary(c.path())) {
      return Optional.empty();
    }
    ObjectPath path = c.path();
    return switch (c.operator()) {
      case EQ, IN -> {
        List<IndexKey> keys = new ArrayList<>();
        for (Literal l : c.values()) {
          Optional<Object> value = exactValue(l);
          if (value.isEmpty()) {
            yield Optional.empty();
          }
          keys.add(new IndexKey.Exact(path, value.get()));
        }
        yield Optional.of(keys);
      }
      case LIKE -> {
        IndexKey key = like(path, text(c));
        yield key == null ? Optional.empty() : Optional.of(List.of(key));
      }
      case MATCHES ->
          Optional.of(
              List.of(
                  new IndexKey.Regex(
                      path,
                      com.google.re2j.Pattern.compile(
                          nfc(text(c)), com.google.re2j.Pattern.DOTALL))));
      case ISSUBSET -> {
        Optional<IpNetwork> block = block(text(c));
        // An unreadable block makes the comparison false for every value (§9.6.1), so no key is
        // needed; the checker refuses such patterns before they get here anyway.
        yield Optional.of(
            block.isEmpty()
                ? List.<IndexKey>of()
                : List.<IndexKey>of(new IndexKey.InBlock(path, block.get())));
      }
      case NE, GT, LT, GE, LE, ISSUPERSET, EXISTS -> Optional.empty();
    };
  }

  /** {@link IpNetwork#parse}, with IPv4 text read without splitting (a million blocks). */
  static Optional<IpNetwork> block(String text) {
    if (text.indexOf(':') >= 0) {
      return IpNetwork.parse(text);
    }
    long v = Ipv4Text.parse(text);
    if (v == Ipv4Text.INVALID) {
      return Optional.empty();
    }
    byte[] address = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    return Optional.of(new IpNetwork(address, (int) (v >>> 32)));
  }

  /** Hash-index form of a literal for §9.6 equality, or empty when equality is not plain. */
  static Optional<Object> exactValue(Literal l) {
    return switch (l) {
      case Literal.StringLiteral s -> Optional.of(s.value());
      case Literal.IntegerLiteral i -> Optional.of(number(BigDecimal.valueOf(i.value())));
      case Literal.FloatLiteral f -> Optional.of(number(f.value()));
      case Literal.BooleanLiteral b -> Optional.of(b.value());
      // Timestamps compare as instants and binary/hex as octets: left to the evaluator.
      case Literal.TimestampLiteral t -> Optional.empty();
      case Literal.BinaryLiteral b -> Optional.empty();
      case Literal.HexLiteral h -> Optional.empty();
    };
  }

  /** Equal numbers get equal keys whatever their scale (§9.2: compared by exact value). */
  static BigDecimal number(BigDecimal n) {
    return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
  }

  /**
   * The key for a LIKE constant (NFC-normalised first, §9.6.1): exact when it has no wildcard, else
   * its literal prefix, else its literal suffix, else its longest literal part; null when it has no
   * literal character at all ({@code '%'}, {@code '_%'}), which the caller turns into "no index".
   */
  private static IndexKey like(ObjectPath path, String constant) {
    String p = nfc(constant);
    int first = firstWildcard(p);
    if (first < 0) {
      return new IndexKey.Like(path, p);
    }
    if (first > 0) {
      return new IndexKey.Prefix(path, p.substring(0, first));
    }
    int last = Math.max(p.lastIndexOf('%'), p.lastIndexOf('_'));
    if (last < p.length() - 1) {
      return new IndexKey.Suffix(path, p.substring(last + 1));
    }
    String longest = "";
    for (String part : p.split("[%_]")) {
      if (part.length() > longest.length()) {
        longest = part;
      }
    }
    return longest.isEmpty() ? null : new IndexKey.Contains(path, longest);
  }

  private static int firstWildcard(String p) {
    int a = p.indexOf('%');
    int b = p.indexOf('_');
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  static String nfc(String s) {
    return belowCombiningMarks(s) || Normalizer.isNormalized(s, Normalizer.Form.NFC)
        ? s
        : Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /**
   * True when every char is below U+0300, the first code point whose NFC quick-check value is not
   * Yes (UAX #15): such text is already NFC, which spares the normalizer on ASCII values.
   */
  private static boolean belowCombiningMarks(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x300) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when an index hit alone decides the whole pattern, so the engine needs neither the pattern
   * nor the evaluator for it: one bracket without qualifier holding one comparison without NOT that
   * is {@code =} or {@code IN} on plain literals (a hit is §9.6 equality: code points, numbers by
   * value, booleans) or {@code ISSUBSET} with a readable block (a hit is containment), on a text
   * property. These are the millions of IOC indicators feeds carry.
   */
  static boolean decidedByIndex(ObservationExpression e) {
    if (!(e instanceof ObservationExpression.Observation o)
        || !(o.comparison() instanceof Comparison c)
        || c.negated()
        || binary(c.path())) {
      return false;
    }
    return switch (c.operator()) {
      case EQ, IN -> c.values().stream().allMatch(l -> exactValue(l).isPresent());
      // An unreadable block matches no value, in the evaluator (§9.6.1) and here (no key).
      case ISSUBSET -> true;
      case NE, GT, LT, GE, LE, LIKE, MATCHES, ISSUPERSET, EXISTS -> false;
    };
  }

  private static String text(Comparison c) {
    return ((Literal.StringLiteral) c.value()).value();
  }

  /**
   * {@code *_bin} and {@code *_hex} properties compare as octets (§9.6.4): left to the evaluator.
   */
  private static boolean binary(ObjectPath path) {
    String last = null;
    for (ObjectPath.Step s : path.steps()) {
      if (s instanceof ObjectPath.Step.Key k) {
        last = k.name();
      }
    }
    return last != null && (last.endsWith("_bin") || last.endsWith("_hex"));
  }
}
