package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.Tlp;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.MemberKeys;

/**
 * One version of the community's charter: who the members are and every rule in force. Immutable; a
 * charter that exists satisfies the invariants (at least one member, unique names and identities, a
 * reachable quorum, proposers who are members), so code that holds one never re-checks.
 *
 * @param version 1 for the founding charter, then one more per adopted proposal
 * @param adopted when this version took effect
 * @param proposalRef the proposal that produced this version; empty for the founding charter
 */
public record Charter(
    int version,
    Instant adopted,
    Optional<String> proposalRef,
    List<CharterMember> members,
    Map<CharterRule, RuleValue> rules) {

  public Charter {
    requireNonNull(adopted, "adopted");
    requireNonNull(proposalRef, "proposalRef");
    members = List.copyOf(members);
    EnumMap<CharterRule, RuleValue> all = new EnumMap<>(CharterRule.class);
    all.putAll(rules);
    if (version < 1) {
      throw new GovernanceException("version: must be at least 1, was " + version);
    }
    for (CharterRule rule : CharterRule.values()) {
      if (!all.containsKey(rule)) {
        throw new GovernanceException("rules." + rule.ruleName() + ": missing");
      }
    }
    rules = Collections.unmodifiableMap(all);
    checkInvariants(members, rules);
  }

  /** The founding charter: these members, the schema's defaults overridden by {@code rules}. */
  public static Charter found(
      List<CharterMember> members, Map<CharterRule, RuleValue> rules, Instant at) {
    EnumMap<CharterRule, RuleValue> all = new EnumMap<>(CharterRule.class);
    for (CharterRule rule : CharterRule.values()) {
      all.put(rule, rule.defaultValue());
    }
    all.putAll(rules);
    return new Charter(1, at, Optional.empty(), members, all);
  }

  /**
   * The next version with a patch applied.
   *
   * @throws GovernanceException naming the rule or member when the result would break the charter
   */
  public Charter apply(CharterPatch patch, Instant at, String proposalId) {
    EnumMap<CharterRule, RuleValue> next = new EnumMap<>(rules);
    for (CharterPatch.RuleChange change : patch.set()) {
      next.put(change.rule(), change.value());
    }
    List<CharterMember> nextMembers = new ArrayList<>(members);
    for (int i = 0; i < patch.admit().size(); i++) {
      CharterMember m = patch.admit().get(i);
      if (nextMembers.stream()
          .anyMatch(x -> x.name().equals(m.name()) || x.identityId().equals(m.identityId()))) {
        throw new GovernanceException(
            "admit[" + i + "]: '" + m.name() + "' (" + m.identityId() + ") is already a member");
      }
      nextMembers.add(m);
    }
    for (int i = 0; i < patch.keys().size(); i++) {
      CharterPatch.KeyChange change = patch.keys().get(i);
      int index = indexOf(nextMembers, change.member());
      if (index < 0) {
        throw new GovernanceException(
            "keys[" + i + "].member: '" + change.member() + "' is not a member");
      }
      nextMembers.set(index, nextMembers.get(index).withKeys(change.publicKeys()));
    }
    for (int i = 0; i < patch.depart().size(); i++) {
      String name = patch.depart().get(i);
      if (!nextMembers.removeIf(m -> m.name().equals(name))) {
        throw new GovernanceException("depart[" + i + "]: '" + name + "' is not a member");
      }
    }
    if (nextMembers.isEmpty()) {
      throw new GovernanceException(
          "depart: the patch removes the last member; a community needs at least one");
    }
    return new Charter(version + 1, at, Optional.of(proposalId), nextMembers, next);
  }

  private static int indexOf(List<CharterMember> members, String name) {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Checks a patch against this charter without keeping the result. */
  public void check(CharterPatch patch) {
    apply(patch, adopted, "proposal--00000000-0000-4000-8000-000000000000");
  }

  private static void checkInvariants(List<CharterMember> members, Map<CharterRule, RuleValue> r) {
    if (members.isEmpty()) {
      throw new GovernanceException("members: the community needs at least one member");
    }
    Set<String> names = new HashSet<>();
    Set<String> identities = new HashSet<>();
    for (CharterMember m : members) {
      if (!names.add(m.name())) {
        throw new GovernanceException("members: the name '" + m.name() + "' appears twice");
      }
      if (!identities.add(m.identityId())) {
        throw new GovernanceException("members: the identity " + m.identityId() + " appears twice");
      }
    }
    long quorumMin = ((RuleValue.Whole) r.get(CharterRule.VOTING_QUORUM_MIN_MEMBERS)).value();
    if (quorumMin > members.size()) {
      throw new GovernanceException(
          CharterRule.VOTING_QUORUM_MIN_MEMBERS.ruleName()
              + ": a quorum needs "
              + quorumMin
              + " voters but the charter has "
              + members.size()
              + " members, so no vote could ever reach it");
    }
    Map<String, String> keyOwners = new HashMap<>();
    boolean required = required(r);
    for (CharterMember m : members) {
      if (required && m.publicKeys().isEmpty()) {
        throw new GovernanceException(
            "members: '"
                + m.name()
                + "' has no public_keys, but member_signatures is required; register its key"
                + " or set member_signatures to optional");
      }
      for (PublicKey k : m.publicKeys()) {
        String owner = keyOwners.putIfAbsent(Ed25519Keys.keyId(k), m.name());
        if (owner != null) {
          throw new GovernanceException(
              "members: '"
                  + m.name()
                  + "' lists public key "
                  + Ed25519Keys.keyId(k)
                  + ", which is already registered to '"
                  + owner
                  + "'; every key belongs to one member");
        }
      }
    }
    if (r.get(CharterRule.VOTING_PROPOSERS) instanceof RuleValue.Names proposers) {
      for (String name : proposers.value()) {
        if (!names.contains(name)) {
          throw new GovernanceException(
              CharterRule.VOTING_PROPOSERS.ruleName()
                  + ": '"
                  + name
                  + "' is not a member; only members may propose");
        }
      }
    }
  }

  /** True when every governance object must carry its member's signature. */
  public boolean signaturesRequired() {
    return required(rules);
  }

  private static boolean required(Map<CharterRule, RuleValue> rules) {
    return rules
        .get(CharterRule.MEMBER_SIGNATURES)
        .equals(new RuleValue.Choice(CharterRule.REQUIRED));
  }

  /** The members' public keys as the signature check reads them. */
  public MemberKeys memberKeys() {
    MemberKeys keys = MemberKeys.NONE;
    for (CharterMember m : members) {
      for (PublicKey k : m.publicKeys()) {
        keys = keys.with(m.identityId(), k);
      }
    }
    return keys;
  }

  public Optional<CharterMember> memberByIdentity(String identityId) {
    return members.stream().filter(m -> m.identityId().equals(identityId)).findFirst();
  }

  public Optional<CharterMember> memberByName(String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** True when the member with this identity may open a proposal. */
  public boolean mayPropose(String identityId) {
    Optional<CharterMember> m = memberByIdentity(identityId);
    return m.isPresent()
        && switch (rules.get(CharterRule.VOTING_PROPOSERS)) {
          case RuleValue.Names names -> names.value().contains(m.get().name());
          default -> true;
        };
  }

  public long whole(CharterRule rule) {
    return ((RuleValue.Whole) rules.get(rule)).value();
  }

  public BigDecimal decimal(CharterRule rule) {
    return ((RuleValue.Decimal) rules.get(rule)).value();
  }

  public boolean flag(CharterRule rule) {
    return ((RuleValue.Flag) rules.get(rule)).value();
  }

  public Tlp tlp(CharterRule rule) {
    return Tlp.parse(((RuleValue.Choice) rules.get(rule)).value()).orElseThrow();
  }

  public Duration consultationPeriod() {
    return Duration.ofHours(whole(CharterRule.VOTING_PERIOD_HOURS));
  }

  public int minConfidence() {
    return (int) whole(CharterRule.PUBLISH_MIN_CONFIDENCE);
  }
}
