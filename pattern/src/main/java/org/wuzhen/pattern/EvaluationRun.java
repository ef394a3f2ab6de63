package org.wuzhen.pattern;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wuzhen.pattern.ComparisonExpression.Comparison;
import org.wuzhen.pattern.ObservationExpression.Observation;
import org.wuzhen.pattern.ValueComparison.Value;
import org.wuzhen.stix.JsonObject;

/**
 * One evaluation. Each observed-data object with {@code number_observed = n} stands for n
 * interchangeable observations ("instances") over the same interval; a binding is a set of
 * instances (a BitSet), and every observation-expression node yields the set of its bindings.
 * Mutable and confined to one thread.
 */
final class EvaluationRun {
  private final ObservationExpression root;
  private final List<ObservedData> observations;
  private final long maxCombinations;
  private final ObjectPathResolver resolver = new ObjectPathResolver();
  private final ValueComparison values = new ValueComparison();
  private final int[] instanceObservation;
  private final Instant[] instanceFirst;
  private final Instant[] instanceLast;
  private final int[] firstInstance;
  private long spent;

  EvaluationRun(
      ObservationExpression root, List<ObservedData> observations, EvaluationLimits limits) {
    this.root = root;
    this.observations = observations;
    this.maxCombinations = limits.maxCombinations();
    // A binding of the whole pattern uses at most slots(root) instances, so more instances of one
    // observed-data object could never be told apart: cap there.
    long cap = slots(root);
    long total = 0;
    firstInstance = new int[observations.size() + 1];
    for (int i = 0; i < observations.size(); i++) {
      firstInstance[i] = (int) total;
      total += Math.min(observations.get(i).numberObserved(), cap);
      charge(Math.min(observations.get(i).numberObserved(), cap));
    }
    firstInstance[observations.size()] = (int) total;
    instanceObservation = new int[(int) total];
    instanceFirst = new Instant[(int) total];
    instanceLast = new Instant[(int) total];
    for (int i = 0; i < observations.size(); i++) {
      for (int k = firstInstance[i]; k < firstInstance[i + 1]; k++) {
        instanceObservation[k] = i;
        instanceFirst[k] = observations.get(i).firstObserved().instant();
        instanceLast[k] = observations.get(i).lastObserved().instant();
      }
    }
  }

  private long slots(ObservationExpression e) {
    return switch (e) {
      case Observation o -> 1;
      case ObservationExpression.And a ->
          a.operands().stream().mapToLong(this::slots).reduce(0, this::add);
      case ObservationExpression.FollowedBy f ->
          f.operands().stream().mapToLong(this::slots).reduce(0, this::add);
      case ObservationExpression.Or o ->
          o.operands().stream().mapToLong(this::slots).max().orElse(1);
      case ObservationExpression.Qualified q ->
          q.qualifier() instanceof Qualifier.Repeats r
              ? multiply(Math.max(r.times(), 0), slots(q.expression()))
              : slots(q.expression());
    };
  }

  private long add(long a, long b) {
    return Math.min(maxCombinations, a + b);
  }

  private long multiply(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > maxCombinations / b ? maxCombinations : Math.min(maxCombinations, a * b);
  }

  private void charge(long n) {
    spent += n;
    if (spent > maxCombinations) {
      throw new PatternLimitException(
          "evaluation explored more than " + maxCombinations + " observation combinations");
    }
  }

  MatchResult result() {
    List<BitSet> bindings = bindings(root);
    List<Integer> best = null;
    for (BitSet b : bindings) {
      List<Integer> positions = positions(b);
      if (best == null || compare(positions, best) < 0) {
        best = positions;
      }
    }
    if (best == null) {
      return MatchResult.NO_MATCH;
    }
    List<String> ids = new ArrayList<>();
    for (int i : best) {
      ids.add(observations.get(i).id());
    }
    return new MatchResult(true, ids);
  }

  private List<Integer> positions(BitSet binding) {
    List<Integer> out = new ArrayList<>();
    for (int k = binding.nextSetBit(0); k >= 0; k = binding.nextSetBit(k + 1)) {
      int o = instanceObservation[k];
      if (out.isEmpty() || out.get(out.size() - 1) != o) {
        out.add(o);
      }
    }
    return out;
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  // ---- observation level (STIX 2.1 §9.5, §9.6)

  private List<BitSet> bindings(ObservationExpression e) {
    return switch (e) {
      case Observation o -> observation(o);
      case ObservationExpression.Or o -> {
        Set<BitSet> out = new LinkedHashSet<>();
        for (ObservationExpression x : o.operands()) {
          out.addAll(bindings(x));
        }
        yield List.copyOf(out);
      }
      case ObservationExpression.And a -> join(a.operands(), false);
      case ObservationExpression.FollowedBy f -> join(f.operands(), true);
      case ObservationExpression.Qualified q -> qualified(q);
    };
  }

  private List<BitSet> observation(Observation o) {
    List<BitSet> out = new ArrayList<>();
    for (int i = 0; i < observations.size(); i++) {
      charge(1);
      if (!satisfying(o.comparison(), observations.get(i)).isEmpty()) {
        for (int k = firstInstance[i]; k < firstInstance[i + 1]; k++) {
          BitSet b = new BitSet();
          b.set(k);
          out.add(b);
        }
      }
    }
    return out;
  }

  /**
   * Operands bound to pairwise distinct instances. For FOLLOWEDBY, each operand's instances must
   * admit times, inside their intervals, no later than the next operand's: the latest
   * first_observed so far is no later than the earliest last_observed on the right.
   */
  private List<BitSet> join(List<ObservationExpression> operands, boolean ordered) {
    List<BitSet> acc = bindings(operands.get(0));
    for (int i = 1; i < operands.size() && !acc.isEmpty(); i++) {
      List<BitSet> right = bindings(operands.get(i));
      Set<BitSet> next = new LinkedHashSet<>();
      for (BitSet a : acc) {
        Instant leftFirst = ordered ? latestFirst(a) : null;
        for (BitSet b : right) {
          charge(1);
          if (a.intersects(b)) {
            continue;
          }
          if (ordered && leftFirst.isAfter(earliestLast(b))) {
            continue;
          }
          BitSet c = (BitSet) a.clone();
          c.or(b);
          next.add(c);
        }
      }
      acc = List.copyOf(next);
    }
    return acc;
  }

  private Instant latestFirst(BitSet b) {
    Instant t = Instant.MIN;
    for (int k = b.nextSetBit(0); k >= 0; k = b.nextSetBit(k + 1)) {
      if (instanceFirst[k].isAfter(t)) {
        t = instanceFirst[k];
      }
    }
    return t;
  }

  private Instant earliestLast(BitSet b) {
    Instant t = Instant.MAX;
    for (int k = b.nextSetBit(0); k >= 0; k = b.nextSetBit(k + 1)) {
      if (instanceLast[k].isBefore(t)) {
        t = instanceLast[k];
      }
    }
    return t;
  }

  private List<BitSet> qualified(ObservationExpression.Qualified q) {
    List<BitSet> inner = bindings(q.expression());
    List<BitSet> out = new ArrayList<>();
    switch (q.qualifier()) {
      case Qualifier.Within w -> {
        // §9.5.1: the latest observation time MUST be earlier than the earliest plus w. Times
        // can be chosen inside each [first_observed, last_observed] (§9.1), so the binding fits
        // iff the latest first_observed minus the earliest last_observed is below w (exclusive).
        if (w.seconds().signum() < 0) {
          return List.of();
        }
        for (BitSet b : inner) {
          charge(1);
          Duration gap = Duration.between(earliestLast(b), latestFirst(b));
          BigDecimal seconds =
              BigDecimal.valueOf(gap.getSeconds()).add(BigDecimal.valueOf(gap.getNano(), 9));
          if (seconds.compareTo(w.seconds()) < 0) {
            out.add(b);
          }
        }
      }
      case Qualifier.StartStop s -> {
        // §9.5.1: every observation time >= START and < STOP. Times can be chosen inside each
        // [first_observed, last_observed] (§9.1), so every interval must meet [START, STOP):
        // first_observed < STOP and last_observed >= START.
        Instant start = s.start().instant();
        Instant stop = s.stop().instant();
        for (BitSet b : inner) {
          charge(1);
          if (latestFirst(b).isBefore(stop) && !earliestLast(b).isBefore(start)) {
            out.add(b);
          }
        }
      }
      case Qualifier.Repeats r -> {
        return repeats(inner, r.times());
      }
    }
    return out;
  }

  /** Unions of n pairwise-disjoint inner bindings; iterative so n cannot exhaust the stack. */
  private List<BitSet> repeats(List<BitSet> inner, long times) {
    if (times <= 0 || times > inner.size()) {
      return List.of();
    }
    int n = (int) times;
    int[] chosen = new int[n];
    BitSet[] unions = new BitSet[n + 1];
    unions[0] = new BitSet();
    Set<BitSet> out = new LinkedHashSet<>();
    int depth = 0;
    int next = 0;
    while (true) {
      if (depth == n) {
        out.add(unions[n]);
      } else {
        boolean advanced = false;
        for (int i = next; i <= inner.size() - (n - depth); i++) {
          charge(1);
          if (!unions[depth].intersects(inner.get(i))) {
            chosen[depth] = i;
            BitSet u = (BitSet) unions[depth].clone();
            u.or(inner.get(i));
            unions[depth + 1] = u;
            depth++;
            next = i + 1;
            advanced = true;
            break;
          }
        }
        if (advanced) {
          continue;
        }
      }
      if (depth == 0) {
        return List.copyOf(out);
      }
      depth--;
      next = chosen[depth] + 1;
    }
  }

  // ---- comparison level: which objects of one observed-data satisfy it

  /**
   * The objects (by position) satisfying a comparison expression. STIX 2.1 §9.5: every comparison
   * "MUST start matching against the same SCO", so the expression is evaluated per root object: AND
   * intersects the operands' object sets, OR unions them, and the observation matches when some
   * object satisfies the whole expression.
   */
  private BitSet satisfying(ComparisonExpression e, ObservedData o) {
    return switch (e) {
      case Comparison c -> {
        BitSet out = new BitSet();
        int j = 0;
        for (JsonObject object : o.objects().values()) {
          if (object.string("type").orElse("").equals(c.objectType())
              && holds(c, object, o.objects())) {
            out.set(j);
          }
          j++;
        }
        yield out;
      }
      case ComparisonExpression.And a -> {
        BitSet out = null;
        for (ComparisonExpression x : a.operands()) {
          BitSet s = satisfying(x, o);
          if (out == null) {
            out = s;
          } else {
            out.and(s);
          }
          if (out.isEmpty()) {
            break;
          }
        }
        yield out;
      }
      case ComparisonExpression.Or or -> {
        BitSet out = new BitSet();
        for (ComparisonExpression x : or.operands()) {
          out.or(satisfying(x, o));
        }
        yield out;
      }
    };
  }

  /** Some value the path reaches satisfies the comparison; a path reaching nothing is false. */
  private boolean holds(Comparison c, JsonObject object, Map<String, JsonObject> graph) {
    List<Value> reached = resolver.resolve(c.path(), object, graph);
    if (c.operator() == Operator.EXISTS) {
      return !reached.isEmpty();
    }
    for (Value v : reached) {
      if (values.test(v, c.operator(), c.negated(), c.values())) {
        return true;
      }
    }
    return false;
  }
}
