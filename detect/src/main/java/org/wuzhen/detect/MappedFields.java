package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wuzhen.pattern.ObjectPath;

/**
 * What {@link MappedObservables} reads of a generic JSON line through one {@link FieldMapping}, for
 * the line-rate reader that decides a line from its bytes ({@link JsonLineCheck}): the time field
 * in its format, each property's field (any value, copied as it is), the connection's fields; the
 * types a line can build (the same for every line); and the paths whose values are copied verbatim
 * from one field: each property path of each object rule, and the connection's addresses.
 * Immutable.
 */
final class MappedFields implements JsonLineCheck.Shape {
  private final List<JsonLineCheck.Read> reads;
  private final Set<String> types;
  private final Set<String> verbatimPaths;

  /** Per type the mapping builds, the first segment of every property it fills. */
  private final java.util.Map<String, Set<String>> firstKeys;

  MappedFields(FieldMapping mapping) {
    List<JsonLineCheck.Read> r = new ArrayList<>();
    JsonLineCheck.Kind time =
        switch (mapping.timeFormat()) {
          case ISO8601 -> JsonLineCheck.Kind.ISO_TIME;
          case EPOCH_SECONDS -> JsonLineCheck.Kind.EPOCH_SECONDS;
          case EPOCH_MILLIS -> JsonLineCheck.Kind.EPOCH_MILLIS;
        };
    r.add(new JsonLineCheck.Read(mapping.timeField(), time, true, false, false, List.of()));
    Set<String> t = new HashSet<>();
    Set<String> paths = new HashSet<>();
    java.util.Map<String, Set<String>> first = new java.util.HashMap<>();
    for (FieldMapping.ObjectRule rule : mapping.objects()) {
      List<String> ruleTypes =
          rule.type().equals("ip-addr") ? List.of("ipv4-addr", "ipv6-addr") : List.of(rule.type());
      t.addAll(ruleTypes);
      for (FieldMapping.PropertyRule p : rule.properties()) {
        r.add(JsonLineCheck.Read.of(p.field(), JsonLineCheck.Kind.VALUE));
        for (String type : ruleTypes) {
          paths.add(key(type, p.path()));
          first.computeIfAbsent(type, x -> new HashSet<>()).add(p.path().get(0));
        }
      }
    }
    mapping
        .connection()
        .ifPresent(
            c -> {
              r.add(JsonLineCheck.Read.of(c.src(), JsonLineCheck.Kind.TEXT));
              r.add(JsonLineCheck.Read.of(c.dst(), JsonLineCheck.Kind.TEXT));
              c.srcPort().ifPresent(f -> r.add(JsonLineCheck.Read.of(f, JsonLineCheck.Kind.COUNT)));
              c.dstPort().ifPresent(f -> r.add(JsonLineCheck.Read.of(f, JsonLineCheck.Kind.COUNT)));
              c.protocol().ifPresent(f -> r.add(JsonLineCheck.Read.of(f, JsonLineCheck.Kind.TEXT)));
              t.addAll(List.of("ipv4-addr", "ipv6-addr", "network-traffic"));
              paths.add(key("ipv4-addr", List.of("value")));
              paths.add(key("ipv6-addr", List.of("value")));
              first.computeIfAbsent("ipv4-addr", x -> new HashSet<>()).add("value");
              first.computeIfAbsent("ipv6-addr", x -> new HashSet<>()).add("value");
            });
    this.reads = List.copyOf(r);
    this.types = Set.copyOf(t);
    this.verbatimPaths = Set.copyOf(paths);
    java.util.Map<String, Set<String>> frozen = new java.util.HashMap<>();
    first.forEach((type, keys) -> frozen.put(type, Set.copyOf(keys)));
    this.firstKeys = java.util.Map.copyOf(frozen);
  }

  private static String key(String type, List<String> steps) {
    return type + "\u0000" + String.join("\u0000", steps);
  }

  @Override
  public List<JsonLineCheck.Read> reads() {
    return reads;
  }

  @Override
  public Set<String> types(JsonTape tape, java.util.function.Predicate<MemberName> rootHas) {
    return types;
  }

  /**
   * Whether the probe of a line's strings is sound for an index on this path: its value is copied
   * verbatim from one field (exactly a property path of a rule of that type, or an address's value
   * from the connection), or the mapping never fills it (no property of that type starts with its
   * first segment, which is neither {@code type} nor {@code id}: an absent value hits nothing). Any
   * other path of a type the mapping builds, and every network-traffic path, makes its lines be
   * read whole.
   */
  boolean verbatim(ObjectPath path) {
    List<String> steps = new ArrayList<>();
    boolean keys = true;
    for (ObjectPath.Step s : path.steps()) {
      if (s instanceof ObjectPath.Step.Key k) {
        steps.add(k.name());
      } else {
        keys = false;
      }
    }
    if (keys && verbatimPaths.contains(key(path.objectType(), steps))) {
      return true;
    }
    if (!(path.steps().get(0) instanceof ObjectPath.Step.Key k)
        || path.objectType().equals("network-traffic")
        || k.name().equals("type")
        || k.name().equals("id")) {
      return false;
    }
    return !firstKeys.getOrDefault(path.objectType(), Set.of()).contains(k.name());
  }
}
