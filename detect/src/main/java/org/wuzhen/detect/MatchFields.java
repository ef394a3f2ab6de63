package org.wuzhen.detect;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.pattern.ComparisonExpression;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.pattern.Pattern;

/**
 * What matching an event against one plan can read: the plan's observable types, and of each type
 * the top-level properties its paths start with (the index paths and every pattern the evaluator
 * runs). An event whose objects hold only those properties, each under an id unique within the
 * event, gets exactly the matches of the whole event: {@link DetectionEngine#match} resolves each
 * index path and each comparison path within one object, and nothing else of the object is read.
 * That holds only when no path reads an {@code id} or a {@code _ref}/{@code _refs} (those read the
 * real ids, and through them other objects) and the plan has no multi-observation indicator (whose
 * windows keep events); {@link #of} is empty otherwise. Immutable.
 */
final class MatchFields implements ObservableTypes {
  private final ObservableTypes types;
  private final Map<String, Set<String>> byType;

  private MatchFields(ObservableTypes types, Map<String, Set<String>> byType) {
    this.types = types;
    this.byType = byType;
  }

  /**
   * The fields a plan matches on, from its index paths and the patterns it keeps; empty when an
   * event of only those fields might not match as the whole event does.
   */
  static Optional<MatchFields> of(
      ObservableTypes types, Iterable<ObjectPath> indexPaths, Iterable<Pattern> patterns) {
    Map<String, Set<String>> byType = new HashMap<>();
    for (ObjectPath path : indexPaths) {
      if (!add(byType, path)) {
        return Optional.empty();
      }
    }
    for (Pattern pattern : patterns) {
      for (ComparisonExpression.Comparison c : pattern.comparisons()) {
        if (!add(byType, c.path())) {
          return Optional.empty();
        }
      }
    }
    Map<String, Set<String>> frozen = new HashMap<>();
    byType.forEach((type, properties) -> frozen.put(type, Set.copyOf(properties)));
    return Optional.of(new MatchFields(types, Map.copyOf(frozen)));
  }

  /** False when the path reads an id or a reference. */
  private static boolean add(Map<String, Set<String>> byType, ObjectPath path) {
    if (path.property().equals("id")) {
      return false;
    }
    for (ObjectPath.Step step : path.steps()) {
      if (step instanceof ObjectPath.Step.Key k
          && (k.name().endsWith("_ref") || k.name().endsWith("_refs"))) {
        return false;
      }
    }
    byType.computeIfAbsent(path.objectType(), t -> new HashSet<>()).add(path.property());
    return true;
  }

  /** The plan's own observable types: the readers call the same reads either way. */
  @Override
  public boolean wants(String type) {
    return types.wants(type);
  }

  /** Whether matching can read this top-level property of an object of this type. */
  boolean keeps(String type, String property) {
    Set<String> properties = byType.get(type);
    return properties != null && properties.contains(property);
  }
}
