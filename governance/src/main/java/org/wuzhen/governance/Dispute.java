package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * The dispute over one indicator under the charter's dispute rule, replayed from the members'
 * opinions and false-positive reports in time order, so its history is the same on every node.
 *
 * @param state NONE while no member has disagreed
 * @param history what happened, oldest first, each line with the state it led to
 */
public record Dispute(State state, List<Event> history) {
  public enum State {
    NONE,
    OPEN,
    UPHELD,
    REJECTED;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One step of a dispute: when, by which member, what, and the state afterwards. */
  public record Event(Instant at, String member, String what, State state) {
    public Event {
      requireNonNull(at, "at");
      requireNonNull(member, "member");
      requireNonNull(what, "what");
      requireNonNull(state, "state");
    }
  }

  public Dispute {
    requireNonNull(state, "state");
    history = List.copyOf(history);
  }

  private static final Pattern ADDRESS =
      Pattern.compile("ipv[46]-addr:value\\s*(?:=|ISSUBSET)\\s*'([^']+)'");

  /** Assesses the dispute over {@code indicator} from what members said about it. */
  static Dispute assess(StixObject indicator, Dialogue dialogue, Charter charter) {
    List<StixObject> events = new ArrayList<>(dialogue.opinions());
    events.addAll(dialogue.falsePositiveReports());
    events.sort(Consensus.LATEST);
    Map<String, Integer> latest = new HashMap<>();
    Set<String> reporters = new HashSet<>();
    List<IpNetwork> addresses = addresses(indicator);
    State state = State.NONE;
    List<Event> history = new ArrayList<>();
    for (StixObject e : events) {
      Optional<CharterMember> member = e.createdByRef().flatMap(charter::memberByIdentity);
      if (member.isEmpty()) {
        continue;
      }
      String name = member.get().name();
      String what;
      if (e.type().equals("note")) {
        reporters.add(name);
        what = "false-positive report: " + e.string("content").orElse("");
      } else {
        Integer value = Consensus.SCALE.get(e.string("opinion").orElse(""));
        if (value == null) {
          continue;
        }
        latest.put(name, value);
        what = "opinion " + e.string("opinion").orElseThrow();
      }
      state = next(state, latest, reporters, addresses, charter);
      Instant at = e.version().map(StixTimestamp::instant).orElse(Instant.EPOCH);
      history.add(new Event(at, name, what, state));
    }
    return new Dispute(state, history);
  }

  private static State next(
      State before,
      Map<String, Integer> latest,
      Set<String> reporters,
      List<IpNetwork> addresses,
      Charter charter) {
    boolean disagreement = latest.values().stream().anyMatch(v -> v < 0) || !reporters.isEmpty();
    if (before == State.NONE && !disagreement) {
      return State.NONE;
    }
    // A reporter who later changes its opinion to neutral or better has withdrawn its report.
    boolean ownerReport =
        charter.flag(CharterRule.DISPUTE_OWNER_REPORT_UPHOLDS)
            && reporters.stream()
                .filter(r -> latest.getOrDefault(r, -2) < 0)
                .map(r -> charter.memberByName(r).orElseThrow())
                .anyMatch(m -> !addresses.isEmpty() && addresses.stream().allMatch(m::owns));
    int n = latest.size();
    long sum = latest.values().stream().mapToLong(Integer::longValue).sum();
    boolean enough = n >= charter.whole(CharterRule.DISPUTE_MIN_MEMBERS);
    BigDecimal threshold = charter.decimal(CharterRule.DISPUTE_CONSENSUS_AT_MOST);
    if (ownerReport
        || (enough
            && BigDecimal.valueOf(sum).compareTo(threshold.multiply(BigDecimal.valueOf(n))) <= 0)) {
      return State.UPHELD;
    }
    if ((enough && sum > 0) || !disagreement) {
      return State.REJECTED;
    }
    return State.OPEN;
  }

  /** The IP addresses and networks an indicator's STIX pattern compares against. */
  static List<IpNetwork> addresses(StixObject indicator) {
    List<IpNetwork> out = new ArrayList<>();
    Matcher m = ADDRESS.matcher(indicator.pattern().orElse(""));
    while (m.find()) {
      IpNetwork.parse(m.group(1)).ifPresent(out::add);
    }
    return out;
  }

  /** As the per-object view writes it: the state and the history, oldest first. */
  public JsonObject toJson() {
    List<JsonValue> out = new ArrayList<>();
    for (Event e : history) {
      out.add(
          JsonObject.builder()
              .put("at", e.at().toString())
              .put("member", e.member())
              .put("what", e.what())
              .put("state", e.state().word())
              .build());
    }
    return JsonObject.builder()
        .put("state", state.word())
        .put("history", new JsonArray(out))
        .build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  static Dispute read(JsonFields f) {
    List<Event> history = new ArrayList<>();
    for (JsonFields e : f.objects("history")) {
      history.add(
          new Event(
              ProposalSummary.instant(e, "at"), e.string("member"), e.string("what"), state(e)));
    }
    return new Dispute(state(f), history);
  }

  private static State state(JsonFields f) {
    String word = f.string("state");
    for (State s : State.values()) {
      if (s.word().equals(word)) {
        return s;
      }
    }
    throw f.invalid("state", "'" + word + "' is not none, open, upheld or rejected");
  }
}
