package org.wuzhen.pattern;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An object path (STIX 2.1 §9.4): an object type and the steps into it, such as {@code
 * file:extensions.'windows-pebinary-ext'.sections[*].entropy}. The first step is always a key.
 */
public record ObjectPath(String objectType, List<Step> steps) {

  public ObjectPath {
    requireNonNull(objectType, "objectType");
    steps = List.copyOf(steps);
    if (objectType.isEmpty()) {
      throw new IllegalArgumentException("object type is empty");
    }
    if (steps.isEmpty() || !(steps.get(0) instanceof Step.Key)) {
      throw new IllegalArgumentException("an object path starts with a property name");
    }
  }

  /** The top-level property the path starts with. */
  public String property() {
    return ((Step.Key) steps.get(0)).name();
  }

  /** One step of a path. */
  public sealed interface Step {
    /** A property or dictionary key; quoted in the pattern when it is not a plain identifier. */
    record Key(String name) implements Step {
      public Key {
        requireNonNull(name, "name");
      }
    }

    /** A list position, 0-based. */
    record Index(int index) implements Step {
      public Index {
        if (index < 0) {
          throw new IllegalArgumentException("negative list index " + index);
        }
      }
    }

    /** {@code [*]}: any element of a list. */
    record AnyIndex() implements Step {}
  }

  @Override
  public String toString() {
    return PatternPrinter.path(this);
  }
}
