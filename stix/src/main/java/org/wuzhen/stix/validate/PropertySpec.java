package org.wuzhen.stix.validate;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * One typed property of a STIX type, in the manner of cti-python-stix2's property lists.
 *
 * @param name the property name
 * @param shape what the value must look like
 * @param target for references, the category of allowed target types
 * @param targetTypes for references, the exact allowed types (overrides {@code target} when
 *     non-empty)
 * @param vocabulary for strings and string lists, the vocabulary values come from, or null
 * @param min smallest allowed number (integers and floats)
 * @param max largest allowed number
 * @param slot for timestamps taking part in an ordering rule, the {@link TimestampOrder} slot, else
 *     -1
 */
record PropertySpec(
    String name,
    Shape shape,
    RefTarget target,
    Set<String> targetTypes,
    Vocabulary vocabulary,
    double min,
    double max,
    int slot) {

  /** What a property value must look like. */
  enum Shape {
    /** type, id and spec_version: checked by the object validator itself. */
    CORE,
    STRING,
    STRING_LIST,
    INTEGER,
    FLOAT,
    BOOLEAN,
    TIMESTAMP,
    REF,
    REF_LIST,
    HASHES,
    DICTIONARY,
    OBJECT,
    OBJECT_LIST,
    BINARY,
    HEX,
    EXTERNAL_REFERENCES,
    KILL_CHAIN_PHASES,
    GRANULAR_MARKINGS,
    EXTENSIONS
  }

  PropertySpec {
    requireNonNull(name, "name");
    requireNonNull(shape, "shape");
    requireNonNull(target, "target");
    targetTypes = Set.copyOf(targetTypes);
  }

  static PropertySpec of(String name, Shape shape) {
    int slot = shape == Shape.TIMESTAMP ? TimestampOrder.slotOf(name) : -1;
    return new PropertySpec(
        name,
        shape,
        RefTarget.ANY,
        Set.of(),
        null,
        Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY,
        slot);
  }

  PropertySpec to(RefTarget t) {
    return new PropertySpec(name, shape, t, targetTypes, vocabulary, min, max, slot);
  }

  PropertySpec toTypes(Set<String> types) {
    return new PropertySpec(name, shape, target, types, vocabulary, min, max, slot);
  }

  PropertySpec in(Vocabulary v) {
    return new PropertySpec(name, shape, target, targetTypes, v, min, max, slot);
  }

  PropertySpec range(double lo, double hi) {
    return new PropertySpec(name, shape, target, targetTypes, vocabulary, lo, hi, slot);
  }

  boolean allowsTarget(String type) {
    return targetTypes.isEmpty() ? target.allows(type) : targetTypes.contains(type);
  }

  String describeTarget() {
    return targetTypes.isEmpty()
        ? target.description()
        : String.join(" or ", targetTypes.stream().sorted().toList());
  }
}
