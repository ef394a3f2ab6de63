package org.wuzhen.detect;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.wuzhen.pattern.ComparisonExpression.Comparison;
import org.wuzhen.pattern.Literal;
import org.wuzhen.pattern.ObservationExpression;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.pattern.PatternChecker;
import org.wuzhen.pattern.PatternSyntaxException;
import org.wuzhen.pattern.Patterns;

/**
 * Reads the patterns feeds carry by the million, {@code [ipv4-addr:value = '198.51.100.7']}, by
 * their shape: the text before the last string literal (here {@code [ipv4-addr:value = '}) is
 * parsed once with the real parser and placeholder content, and each pattern of that shape gets the
 * same tree with its own literal. This is exact: the lexer reads a string's content verbatim when
 * it holds no quote or backslash, so the content cannot change how the rest is read. The checker's
 * findings for {@code =}, {@code !=}, {@code LIKE} and {@code IN} do not depend on a string's
 * content either, so the shape's check stands for all; {@code ISSUBSET}, {@code ISSUPERSET} and
 * {@code MATCHES} are checked per pattern. Anything else (another shape, an escape, an error) is
 * left to {@link Patterns#check}, which also words the error. Thread-safe.
 */
final class PatternShapes {
  private static final String PLACEHOLDER = "x";
  private static final int MAX_SHAPES = 10_000;

  private final Map<String, Optional<Shape>> shapes = new ConcurrentHashMap<>();

  /** One parsed shape: a bracket holding one comparison of one string literal. */
  private record Shape(Comparison comparison, boolean checkedForAll) {}

  /**
   * The pattern's tree, parsed and found free of errors, or empty when the full parser must decide.
   */
  Optional<ObservationExpression> read(String text) {
    if (text.length() > Patterns.MAX_LENGTH || !text.endsWith("']")) {
      return Optional.empty();
    }
    int open = text.lastIndexOf('\'', text.length() - 3);
    if (open < 0) {
      return Optional.empty();
    }
    String content = text.substring(open + 1, text.length() - 2);
    if (content.indexOf('\\') >= 0) {
      return Optional.empty();
    }
    String head = text.substring(0, open + 1);
    Optional<Shape> shape = shapes.get(head);
    if (shape == null) {
      shape = shape(head);
      if (shapes.size() < MAX_SHAPES) {
        shapes.put(head, shape);
      }
    }
    if (shape.isEmpty()) {
      return Optional.empty();
    }
    Comparison c = shape.get().comparison();
    ObservationExpression root =
        new ObservationExpression.Observation(
            new Comparison(
                c.path(), c.operator(), c.negated(), List.of(new Literal.StringLiteral(content))));
    if (!shape.get().checkedForAll()
        && PatternChecker.check(new Pattern(root)).stream().anyMatch(f -> f.isError())) {
      return Optional.empty();
    }
    return Optional.of(root);
  }

  private static Optional<Shape> shape(String head) {
    Pattern parsed;
    try {
      parsed = Patterns.parse(head + PLACEHOLDER + "']");
    } catch (PatternSyntaxException e) {
      return Optional.empty();
    }
    if (!(parsed.root() instanceof ObservationExpression.Observation o)
        || !(o.comparison() instanceof Comparison c)
        || !c.values().equals(List.of(new Literal.StringLiteral(PLACEHOLDER)))) {
      return Optional.empty();
    }
    boolean contentFree =
        switch (c.operator()) {
          case ISSUBSET, ISSUPERSET, MATCHES -> false;
          case EQ, NE, GT, LT, GE, LE, IN, LIKE, EXISTS -> true;
        };
    boolean clean = PatternChecker.check(parsed).stream().noneMatch(f -> f.isError());
    if (contentFree && !clean) {
      return Optional.empty(); // every pattern of this shape has the error: the parser words it
    }
    return Optional.of(new Shape(c, contentFree));
  }
}
