package org.wuzhen.web;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.CharterRule;
import org.wuzhen.stix.Json;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.web.view.ObjectPageView.Property;

/**
 * What changed from one charter version to the next: each rule whose value differs (old → new),
 * members admitted and departed, and signing keys registered or withdrawn, in the charter's order.
 */
final class CharterDiff {
  private CharterDiff() {}

  static List<Property> between(Charter before, Charter after) {
    List<Property> out = new ArrayList<>();
    for (CharterRule rule : CharterRule.values()) {
      String was = Json.write(before.rules().get(rule).toJson());
      String is = Json.write(after.rules().get(rule).toJson());
      if (!was.equals(is)) {
        out.add(new Property("rule " + rule.ruleName(), was + " → " + is, List.of()));
      }
    }
    Map<String, CharterMember> old = byName(before);
    Map<String, CharterMember> now = byName(after);
    for (CharterMember m : after.members()) {
      Optional<CharterMember> was = Optional.ofNullable(old.get(m.name()));
      if (was.isEmpty()) {
        out.add(new Property("member " + m.name(), "admitted (" + m.identityId() + ")", List.of()));
        continue;
      }
      List<String> wasKeys = keyIds(was.get().publicKeys());
      List<String> isKeys = keyIds(m.publicKeys());
      for (String k : isKeys) {
        if (!wasKeys.contains(k)) {
          out.add(new Property("member " + m.name(), "key " + k + " registered", List.of()));
        }
      }
      for (String k : wasKeys) {
        if (!isKeys.contains(k)) {
          out.add(new Property("member " + m.name(), "key " + k + " withdrawn", List.of()));
        }
      }
    }
    for (CharterMember m : before.members()) {
      if (!now.containsKey(m.name())) {
        out.add(new Property("member " + m.name(), "departed", List.of()));
      }
    }
    return out;
  }

  private static Map<String, CharterMember> byName(Charter charter) {
    return charter.members().stream()
        .collect(Collectors.toMap(CharterMember::name, Function.identity()));
  }

  private static List<String> keyIds(List<PublicKey> keys) {
    return keys.stream().map(Ed25519Keys::keyId).toList();
  }
}
