package org.wuzhen.governance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * The community's view of one object: the latest opinion of each member counts once, mapped
 * strongly-disagree -2 ... strongly-agree +2, averaged over the members who gave one. Opinions of
 * non-members and without a known opinion value are left out.
 *
 * @param average empty when no member gave an opinion; rounded to two decimals
 * @param opinions each counted member's latest opinion value, by member name
 */
public record Consensus(Optional<BigDecimal> average, Map<String, Integer> opinions) {
  public Consensus {
    opinions = Map.copyOf(opinions);
  }

  public int members() {
    return opinions.size();
  }

  static final Map<String, Integer> SCALE =
      Map.of(
          "strongly-disagree", -2, "disagree", -1, "neutral", 0, "agree", 1, "strongly-agree", 2);

  static final Comparator<StixObject> LATEST =
      Comparator.comparing(
              (StixObject o) ->
                  o.version().map(StixTimestamp::instant).orElse(java.time.Instant.EPOCH))
          .thenComparing(o -> o.id().toString());

  /** The consensus of these opinions under this charter's membership. */
  public static Consensus of(List<StixObject> opinions, Charter charter) {
    Map<String, StixObject> latest = new HashMap<>();
    for (StixObject o : opinions) {
      Optional<CharterMember> m = o.createdByRef().flatMap(charter::memberByIdentity);
      if (m.isPresent() && o.string("opinion").filter(SCALE::containsKey).isPresent()) {
        latest.merge(m.get().name(), o, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
      }
    }
    Map<String, Integer> values = new TreeMap<>();
    latest.forEach((name, o) -> values.put(name, SCALE.get(o.string("opinion").orElseThrow())));
    if (values.isEmpty()) {
      return new Consensus(Optional.empty(), values);
    }
    int sum = values.values().stream().mapToInt(Integer::intValue).sum();
    BigDecimal average =
        BigDecimal.valueOf(sum)
            .divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_EVEN);
    return new Consensus(Optional.of(average), values);
  }

  /** As the per-object view writes it: members, the average when any, each member's value. */
  public JsonObject toJson() {
    JsonObject.Builder values = JsonObject.builder();
    opinions.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> values.put(e.getKey(), e.getValue()));
    JsonObject.Builder b = JsonObject.builder().put("members", members());
    average.ifPresent(a -> b.put("average", GovernanceStix.number(a)));
    return b.put("opinions", values.build()).build();
  }

  /**
   * @throws IllegalArgumentException naming the missing, mistyped or inconsistent member
   */
  static Consensus read(JsonFields f) {
    JsonFields values = f.object("opinions");
    Map<String, Integer> opinions = new TreeMap<>();
    for (String member : values.json().names()) {
      opinions.put(member, values.intValue(member));
    }
    if (f.intValue("members") != opinions.size()) {
      throw f.invalid(
          "members", f.intValue("members") + " but " + opinions.size() + " opinions are listed");
    }
    return new Consensus(f.optionalNumber("average").map(JsonNumber::asBigDecimal), opinions);
  }
}
