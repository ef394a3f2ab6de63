package org.wuzhen.detect;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.pattern.ComparisonExpression;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.pattern.ObservationExpression;

/**
 * The observable types a plan reads, gathered while compiling: the object type of every comparison
 * of every pattern. A path that reads through a reference ({@code dst_ref.value}) may land on any
 * type, so one such path makes the plan want every type. Not thread-safe.
 */
final class PlanTypes {
  private final Set<String> types = new HashSet<>();
  private boolean all;

  void add(ObservationExpression e) {
    if (all) {
      return;
    }
    switch (e) {
      case ObservationExpression.Observation o -> add(o.comparison());
      case ObservationExpression.And a -> a.operands().forEach(this::add);
      case ObservationExpression.Or o -> o.operands().forEach(this::add);
      case ObservationExpression.FollowedBy f -> f.operands().forEach(this::add);
      case ObservationExpression.Qualified q -> add(q.expression());
    }
  }

  private void add(ComparisonExpression e) {
    switch (e) {
      case ComparisonExpression.Comparison c -> add(c.path());
      case ComparisonExpression.And a -> a.operands().forEach(this::add);
      case ComparisonExpression.Or o -> o.operands().forEach(this::add);
    }
  }

  private void add(ObjectPath path) {
    types.add(path.objectType());
    for (ObjectPath.Step step : path.steps()) {
      if (step instanceof ObjectPath.Step.Key k
          && (k.name().endsWith("_ref") || k.name().endsWith("_refs"))) {
        all = true;
      }
    }
  }

  /** The types read, or empty when a path may land on any type. */
  Optional<Set<String>> result() {
    return all ? Optional.empty() : Optional.of(Set.copyOf(types));
  }
}
