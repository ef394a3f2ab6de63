package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * A structured change to the charter: rules to set, members to admit, members' keys to replace (a
 * rotation, an added or a revoked key), members (by name) to depart. Parsing checks each rule's
 * name, type and range and each key; {@link Charter#apply} checks what the whole charter would
 * become.
 */
public record CharterPatch(
    List<RuleChange> set, List<CharterMember> admit, List<KeyChange> keys, List<String> depart) {
  /** One rule set to one value; the value has the rule's type and is in range. */
  public record RuleChange(CharterRule rule, RuleValue value) {
    public RuleChange {
      requireNonNull(rule, "rule");
      requireNonNull(value, "value");
    }
  }

  /** The member's public keys after the change: the whole list, replacing the current one. */
  public record KeyChange(String member, List<PublicKey> publicKeys) {
    public KeyChange {
      requireNonNull(member, "member");
      publicKeys = List.copyOf(publicKeys);
    }
  }

  public CharterPatch {
    set = List.copyOf(set);
    admit = List.copyOf(admit);
    keys = List.copyOf(keys);
    depart = List.copyOf(depart);
    if (set.isEmpty() && admit.isEmpty() && keys.isEmpty() && depart.isEmpty()) {
      throw new GovernanceException("patch: changes nothing (give set, admit, keys or depart)");
    }
  }

  /**
   * Reads a patch: {@code {"set":[{"rule":..,"value":..}], "admit":[member], "keys":[{"member":
   * name, "public_keys":[base64 SPKI..]}], "depart":[name]}}.
   *
   * @throws GovernanceException naming the entry and the rule at fault
   */
  public static CharterPatch parse(JsonValue json) {
    if (!(json instanceof JsonObject o)) {
      throw new GovernanceException("patch: expected an object with set, admit, keys or depart");
    }
    for (String name : o.names()) {
      if (!Set.of("set", "admit", "keys", "depart").contains(name)) {
        throw new GovernanceException(
            "patch." + name + ": unknown (expected set, admit, keys, depart)");
      }
    }
    List<RuleChange> set = new ArrayList<>();
    Set<CharterRule> seen = new HashSet<>();
    List<JsonValue> changes = list(o, "set");
    for (int i = 0; i < changes.size(); i++) {
      String where = "set[" + i + "]";
      if (!(changes.get(i) instanceof JsonObject c)) {
        throw new GovernanceException(where + ": expected {\"rule\": NAME, \"value\": VALUE}");
      }
      String ruleName =
          c.string("rule")
              .orElseThrow(() -> new GovernanceException(where + ".rule: missing or not a string"));
      CharterRule rule =
          CharterRule.byName(ruleName)
              .orElseThrow(
                  () ->
                      new GovernanceException(
                          where
                              + ".rule: unknown rule '"
                              + ruleName
                              + "' (known: "
                              + CharterRule.known()
                              + ")"));
      if (!seen.add(rule)) {
        throw new GovernanceException(where + ".rule: " + ruleName + " is set twice");
      }
      JsonValue value =
          c.get("value")
              .orElseThrow(
                  () -> new GovernanceException(where + ".value (" + ruleName + "): missing"));
      set.add(new RuleChange(rule, rule.parse(value, where + ".value")));
    }
    List<CharterMember> admit = new ArrayList<>();
    List<JsonValue> admitted = list(o, "admit");
    for (int i = 0; i < admitted.size(); i++) {
      admit.add(CharterMember.parse(admitted.get(i), "admit[" + i + "]"));
    }
    List<KeyChange> keys = new ArrayList<>();
    List<JsonValue> keyChanges = list(o, "keys");
    Set<String> rekeyed = new HashSet<>();
    for (int i = 0; i < keyChanges.size(); i++) {
      String where = "keys[" + i + "]";
      if (!(keyChanges.get(i) instanceof JsonObject k)) {
        throw new GovernanceException(
            where + ": expected {\"member\": NAME, \"public_keys\": [..]}");
      }
      String member =
          k.string("member")
              .filter(m -> !m.isBlank())
              .orElseThrow(
                  () -> new GovernanceException(where + ".member: missing or not a member name"));
      if (!rekeyed.add(member)) {
        throw new GovernanceException(where + ".member: '" + member + "' appears twice");
      }
      if (k.get("public_keys").isEmpty()) {
        throw new GovernanceException(
            where
                + ".public_keys: missing (give the member's keys after the change; [] revokes all)");
      }
      keys.add(new KeyChange(member, CharterMember.parseKeys(k, where)));
    }
    List<String> depart = new ArrayList<>();
    List<JsonValue> departing = list(o, "depart");
    for (int i = 0; i < departing.size(); i++) {
      if (!(departing.get(i) instanceof JsonString s)) {
        throw new GovernanceException("depart[" + i + "]: expected a member name");
      }
      depart.add(s.value());
    }
    return new CharterPatch(set, admit, keys, depart);
  }

  private static List<JsonValue> list(JsonObject o, String name) {
    if (o.get(name).isEmpty()) {
      return List.of();
    }
    return o.array(name)
        .map(JsonArray::elements)
        .orElseThrow(() -> new GovernanceException("patch." + name + ": expected a list"));
  }

  public JsonObject toJson() {
    JsonObject.Builder b = JsonObject.builder();
    if (!set.isEmpty()) {
      b.put(
          "set",
          new JsonArray(
              set.stream()
                  .map(
                      c ->
                          (JsonValue)
                              JsonObject.builder()
                                  .put("rule", c.rule().ruleName())
                                  .put("value", c.value().toJson())
                                  .build())
                  .toList()));
    }
    if (!admit.isEmpty()) {
      b.put("admit", new JsonArray(admit.stream().map(m -> (JsonValue) m.toJson()).toList()));
    }
    if (!keys.isEmpty()) {
      b.put(
          "keys",
          new JsonArray(
              keys.stream()
                  .map(
                      k ->
                          (JsonValue)
                              JsonObject.builder()
                                  .put("member", k.member())
                                  .put("public_keys", CharterMember.keysJson(k.publicKeys()))
                                  .build())
                  .toList()));
    }
    if (!depart.isEmpty()) {
      b.put(
          "depart",
          new JsonArray(depart.stream().map(n -> (JsonValue) new JsonString(n)).toList()));
    }
    return b.build();
  }
}
