package org.wuzhen.governance;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * The charter's schema: every rule the community can set, its type, its range and its default. A
 * patch may only name these rules with values in range; the federation and detection modules read
 * them by name.
 */
public enum CharterRule {
  VOTING_QUORUM(
      "voting.quorum", Shape.DECIMAL, "0.01", "1", "0.5", "share of members who must vote"),
  VOTING_QUORUM_MIN_MEMBERS(
      "voting.quorum_min_members", Shape.WHOLE, "1", "10000", "1", "fewest voters for a quorum"),
  VOTING_MAJORITY(
      "voting.majority",
      Shape.DECIMAL,
      "0.5",
      "1",
      "0.5",
      "share of yes among yes and no votes needed (yes must also outnumber no)"),
  VOTING_PERIOD_HOURS(
      "voting.period_hours", Shape.WHOLE, "1", "8760", "168", "consultation period of a proposal"),
  VOTING_PROPOSERS(
      "voting.proposers",
      Shape.PROPOSERS,
      "",
      "",
      "any-member",
      "who may open a proposal: any-member, or a list of member names"),
  DISPUTE_CONSENSUS_AT_MOST(
      "dispute.consensus_at_most",
      Shape.DECIMAL,
      "-2",
      "0",
      "-1",
      "a dispute is upheld when the consensus is at most this"),
  DISPUTE_MIN_MEMBERS(
      "dispute.min_members",
      Shape.WHOLE,
      "1",
      "10000",
      "2",
      "... from at least this many members (also needed to reject a dispute)"),
  DISPUTE_OWNER_REPORT_UPHOLDS(
      "dispute.owner_report_upholds",
      Shape.FLAG,
      "",
      "",
      "true",
      "a false-positive report from the member owning the address upholds the dispute"),
  DISPUTE_EXCLUDE_FROM_DETECTION(
      "dispute.exclude_from_detection",
      Shape.FLAG,
      "",
      "",
      "true",
      "upheld disputes take the indicator out of detection"),
  DISPUTE_WITHHOLD_FROM_EXPORT(
      "dispute.withhold_from_export",
      Shape.FLAG,
      "",
      "",
      "true",
      "upheld disputes keep the indicator from peers"),
  DISPUTE_OPEN_PENALTY(
      "dispute.open_confidence_penalty",
      Shape.WHOLE,
      "0",
      "100",
      "30",
      "confidence points an open dispute takes off"),
  PUBLISH_DEFAULT_TLP(
      "publish.default_tlp", Shape.TLP, "", "", "green", "TLP assumed for unmarked objects"),
  PUBLISH_MIN_CONFIDENCE(
      "publish.min_confidence",
      Shape.WHOLE,
      "0",
      "100",
      "0",
      "indicators below this confidence are refused"),
  INDICATOR_DEFAULT_CONFIDENCE(
      "indicator.default_confidence",
      Shape.WHOLE,
      "0",
      "100",
      "50",
      "confidence of an indicator that states none"),
  INDICATOR_LIFETIME_DAYS(
      "indicator.lifetime_days", Shape.WHOLE, "1", "3650", "90", "tau of the decay model"),
  INDICATOR_DECAY_SPEED(
      "indicator.decay_speed", Shape.DECIMAL, "0.1", "10", "1", "delta of the decay model"),
  INDICATOR_DECAYED_BELOW(
      "indicator.decayed_below",
      Shape.WHOLE,
      "0",
      "100",
      "20",
      "an indicator whose decayed confidence is below this is no longer used"),
  EXPORT_MAX_TLP("export.max_tlp", Shape.TLP, "", "", "amber", "strictest TLP exported to peers"),
  EXPORT_MIN_CONFIDENCE(
      "export.min_confidence",
      Shape.WHOLE,
      "0",
      "100",
      "0",
      "indicators below this decayed confidence are not exported"),
  EXPORT_SIGHTINGS("export.sightings", Shape.FLAG, "", "", "true", "sightings go to peers"),
  MEMBER_SIGNATURES(
      "member_signatures",
      Shape.SIGNATURES,
      "",
      "",
      "required",
      "required: proposals, votes and reports carry the member's signature; optional: members"
          + " without a registered key may publish them unsigned");

  /** The JSON shapes a rule can take. */
  enum Shape {
    WHOLE,
    DECIMAL,
    FLAG,
    TLP,
    PROPOSERS,
    SIGNATURES
  }

  static final List<String> TLP_CHOICES = List.of("clear", "green", "amber", "amber+strict", "red");
  static final String ANY_MEMBER = "any-member";
  static final String REQUIRED = "required";
  static final String OPTIONAL = "optional";

  private final String ruleName;
  private final Shape shape;
  private final String min;
  private final String max;
  private final String defaultText;
  private final String meaning;

  CharterRule(
      String ruleName, Shape shape, String min, String max, String defaultText, String meaning) {
    this.ruleName = ruleName;
    this.shape = shape;
    this.min = min;
    this.max = max;
    this.defaultText = defaultText;
    this.meaning = meaning;
  }

  public String ruleName() {
    return ruleName;
  }

  public String meaning() {
    return meaning;
  }

  /** The type and range as a user reads it, e.g. {@code whole number 0..100}. */
  public String describeType() {
    return switch (shape) {
      case WHOLE -> "whole number " + min + ".." + max;
      case DECIMAL -> "decimal " + min + ".." + max;
      case FLAG -> "true or false";
      case TLP -> "one of " + String.join(", ", TLP_CHOICES);
      case PROPOSERS -> "\"" + ANY_MEMBER + "\" or a non-empty list of member names";
      case SIGNATURES -> "one of " + REQUIRED + ", " + OPTIONAL;
    };
  }

  public RuleValue defaultValue() {
    return switch (shape) {
      case WHOLE -> new RuleValue.Whole(Long.parseLong(defaultText));
      case DECIMAL -> new RuleValue.Decimal(new BigDecimal(defaultText));
      case FLAG -> new RuleValue.Flag(Boolean.parseBoolean(defaultText));
      case TLP, PROPOSERS, SIGNATURES -> new RuleValue.Choice(defaultText);
    };
  }

  public static Optional<CharterRule> byName(String name) {
    return Arrays.stream(values()).filter(r -> r.ruleName.equals(name)).findFirst();
  }

  /** Names of every rule, for messages. */
  static String known() {
    return Arrays.stream(values()).map(CharterRule::ruleName).collect(Collectors.joining(", "));
  }

  /**
   * Reads a value of this rule, checking its type and range.
   *
   * @param where the field being read, e.g. {@code set[2].value}, for the message
   */
  public RuleValue parse(JsonValue json, String where) {
    String prefix = where + " (" + ruleName + "): ";
    return switch (shape) {
      case WHOLE -> {
        if (!(json instanceof JsonNumber n) || n.asLong().isEmpty()) {
          throw new GovernanceException(
              prefix + "expected " + describeType() + ", found " + show(json));
        }
        long v = n.asLong().get();
        if (v < Long.parseLong(min) || v > Long.parseLong(max)) {
          throw new GovernanceException(prefix + v + " is out of range " + min + ".." + max);
        }
        yield new RuleValue.Whole(v);
      }
      case DECIMAL -> {
        if (!(json instanceof JsonNumber n)) {
          throw new GovernanceException(
              prefix + "expected " + describeType() + ", found " + show(json));
        }
        BigDecimal v = n.asBigDecimal();
        if (v.compareTo(new BigDecimal(min)) < 0 || v.compareTo(new BigDecimal(max)) > 0) {
          throw new GovernanceException(prefix + n.text() + " is out of range " + min + ".." + max);
        }
        yield new RuleValue.Decimal(v);
      }
      case FLAG -> {
        if (!(json instanceof JsonBoolean b)) {
          throw new GovernanceException(prefix + "expected true or false, found " + show(json));
        }
        yield new RuleValue.Flag(b.value());
      }
      case TLP -> {
        if (!(json instanceof JsonString s) || !TLP_CHOICES.contains(s.value())) {
          throw new GovernanceException(
              prefix + "expected " + describeType() + ", found " + show(json));
        }
        yield new RuleValue.Choice(s.value());
      }
      case SIGNATURES -> {
        if (!(json instanceof JsonString s) || !List.of(REQUIRED, OPTIONAL).contains(s.value())) {
          throw new GovernanceException(
              prefix + "expected " + describeType() + ", found " + show(json));
        }
        yield new RuleValue.Choice(s.value());
      }
      case PROPOSERS -> {
        if (json instanceof JsonString s && s.value().equals(ANY_MEMBER)) {
          yield new RuleValue.Choice(ANY_MEMBER);
        }
        if (json instanceof JsonArray a && !a.elements().isEmpty()) {
          List<String> names =
              a.elements().stream().map(e -> e instanceof JsonString s ? s.value() : "").toList();
          if (!names.contains("")) {
            yield new RuleValue.Names(names);
          }
        }
        throw new GovernanceException(
            prefix + "expected " + describeType() + ", found " + show(json));
      }
    };
  }

  private static String show(JsonValue v) {
    String text = org.wuzhen.stix.Json.write(v);
    return text.length() > 60 ? v.kind() : text;
  }
}
