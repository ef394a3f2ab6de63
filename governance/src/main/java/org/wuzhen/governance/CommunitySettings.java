package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.CollectionId;

/**
 * The {@code community:} section of a node's configuration: where the community's governance lives
 * and what its founding charter says. Only read when the community is founded; afterwards the
 * charter changes by vote only. Errors name the setting, e.g. {@code community.rules.x: unknown
 * rule}.
 *
 * @param collection the governance collection (proposals, votes, charter versions)
 * @param governed collections whose publishing the charter rules; empty = all
 * @param members founding members; empty = every member of the store at founding
 * @param rules founding rule values; the schema's defaults for the others
 * @param closeEvery how often the node closes proposals whose consultation ended
 */
public record CommunitySettings(
    CollectionId collection,
    List<CollectionId> governed,
    List<CharterMember> members,
    Map<CharterRule, RuleValue> rules,
    Duration closeEvery) {
  /** The governance collection when the config names none. */
  public static final CollectionId DEFAULT_COLLECTION =
      CollectionId.parse("9a1c0d6e-6f3b-4c2e-8d7a-5b4e3f2a1c0b");

  private static final Set<String> KEYS =
      Set.of("collection", "governed_collections", "members", "rules", "close_every_seconds");

  public CommunitySettings {
    requireNonNull(collection, "collection");
    governed = List.copyOf(governed);
    members = List.copyOf(members);
    rules = Map.copyOf(rules);
    requireNonNull(closeEvery, "closeEvery");
  }

  /** How a node runs this community (signature check, clock, closing timer). */
  public GovernanceSettings settings(Authenticity authenticity, Clock clock) {
    return new GovernanceSettings(
        collection, governed, authenticity, clock, Optional.of(closeEvery));
  }

  /** The section of a node that runs the demo or names no settings: every default. */
  public static CommunitySettings defaults() {
    return new CommunitySettings(
        DEFAULT_COLLECTION, List.of(), List.of(), Map.of(), Duration.ofSeconds(10));
  }

  /**
   * Reads the {@code community} member of the config's root mapping, when present.
   *
   * @throws GovernanceException naming the first bad setting
   */
  public static Optional<CommunitySettings> from(JsonObject root) {
    Optional<JsonValue> section = root.get("community");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    if (!(section.get() instanceof JsonObject o)) {
      throw new GovernanceException("community: expected a mapping");
    }
    for (String key : o.names()) {
      if (!KEYS.contains(key)) {
        throw new GovernanceException(
            "community." + key + ": unknown setting (known: " + String.join(", ", KEYS) + ")");
      }
    }
    CollectionId collection =
        o.string("collection")
            .map(t -> collectionId("community.collection", t))
            .orElse(DEFAULT_COLLECTION);
    List<CollectionId> governed = new ArrayList<>();
    List<JsonValue> g = list(o, "governed_collections");
    for (int i = 0; i < g.size(); i++) {
      String at = "community.governed_collections[" + i + "]";
      governed.add(collectionId(at, g.get(i) instanceof JsonString s ? s.value() : ""));
    }
    List<CharterMember> members = new ArrayList<>();
    List<JsonValue> m = list(o, "members");
    for (int i = 0; i < m.size(); i++) {
      try {
        members.add(CharterMember.parse(m.get(i), "members[" + i + "]"));
      } catch (GovernanceException e) {
        throw new GovernanceException("community." + e.getMessage());
      }
    }
    Map<CharterRule, RuleValue> rules = new EnumMap<>(CharterRule.class);
    JsonObject r =
        o.get("rules").isEmpty()
            ? JsonObject.EMPTY
            : o.object("rules")
                .orElseThrow(
                    () ->
                        new GovernanceException(
                            "community.rules: expected a mapping of rule: value"));
    for (String name : r.names()) {
      String at = "community.rules." + name;
      CharterRule rule =
          CharterRule.byName(name)
              .orElseThrow(() -> new GovernanceException(at + ": unknown rule"));
      rules.put(rule, rule.parse(r.get(name).orElseThrow(), at));
    }
    long seconds = 10;
    if (o.get("close_every_seconds").isPresent()) {
      seconds =
          o.get("close_every_seconds")
              .filter(JsonNumber.class::isInstance)
              .flatMap(n -> ((JsonNumber) n).asLong())
              .filter(v -> v >= 1 && v <= 3600)
              .orElseThrow(
                  () ->
                      new GovernanceException(
                          "community.close_every_seconds: expected a whole number 1..3600"));
    }
    return Optional.of(
        new CommunitySettings(collection, governed, members, rules, Duration.ofSeconds(seconds)));
  }

  private static List<JsonValue> list(JsonObject o, String name) {
    if (o.get(name).isEmpty()) {
      return List.of();
    }
    return o.array(name)
        .map(JsonArray::elements)
        .orElseThrow(() -> new GovernanceException("community." + name + ": expected a list"));
  }

  private static CollectionId collectionId(String at, String text) {
    try {
      return CollectionId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new GovernanceException(at + ": " + e.getMessage());
    }
  }
}
