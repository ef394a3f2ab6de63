package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed STIX pattern: the typed tree of its observation expressions plus, when it came from
 * text, the column of each comparison, literal and qualifier. Two patterns are equal when their
 * trees are equal; columns do not take part, so {@code parse(print(p)).equals(p)}.
 */
public final class Pattern {
  private final ObservationExpression root;
  private final Map<Object, Integer> columns;

  /** A pattern built in code, with no source columns. */
  public Pattern(ObservationExpression root) {
    this(root, new IdentityHashMap<>());
  }

  Pattern(ObservationExpression root, IdentityHashMap<Object, Integer> columns) {
    this.root = requireNonNull(root, "root");
    this.columns = Collections.unmodifiableMap(columns);
  }

  public ObservationExpression root() {
    return root;
  }

  /**
   * The 1-based source column of a node of this pattern's tree (a comparison, literal, qualifier or
   * bracketed observation), or 0 when the pattern was not parsed from text. Nodes are looked up by
   * identity.
   */
  public int columnOf(Object node) {
    Integer column = columns.get(node);
    return column == null ? 0 : column;
  }

  /**
   * Every comparison in source order, for indexing: each one's object type, path, operator,
   * negation and literals.
   */
  public List<ComparisonExpression.Comparison> comparisons() {
    List<ComparisonExpression.Comparison> out = new ArrayList<>();
    collect(root, out);
    return List.copyOf(out);
  }

  private static void collect(ObservationExpression e, List<ComparisonExpression.Comparison> out) {
    switch (e) {
      case ObservationExpression.Observation o -> collect(o.comparison(), out);
      case ObservationExpression.And a -> a.operands().forEach(x -> collect(x, out));
      case ObservationExpression.Or o -> o.operands().forEach(x -> collect(x, out));
      case ObservationExpression.FollowedBy f -> f.operands().forEach(x -> collect(x, out));
      case ObservationExpression.Qualified q -> collect(q.expression(), out);
    }
  }

  private static void collect(ComparisonExpression e, List<ComparisonExpression.Comparison> out) {
    switch (e) {
      case ComparisonExpression.Comparison c -> out.add(c);
      case ComparisonExpression.And a -> a.operands().forEach(x -> collect(x, out));
      case ComparisonExpression.Or o -> o.operands().forEach(x -> collect(x, out));
    }
  }

  /**
   * The canonical text: one space around operators, minimal parentheses, {@code =} and {@code !=}.
   */
  public String canonical() {
    return PatternPrinter.print(root);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Pattern p && p.root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return canonical();
  }
}
