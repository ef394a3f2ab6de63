package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;

/**
 * One proposal in {@code GET /wuzhen/proposals/}: what it is, its state and its tally so far (or
 * final).
 *
 * @param members the charter members who may vote on it
 * @param producedCharterVersion the charter version its adoption made
 */
public record ProposalSummary(
    String id,
    String title,
    Optional<String> description,
    String proposerRef,
    int charterVersion,
    Instant opened,
    Instant closes,
    Outcome.State state,
    int members,
    int yes,
    int no,
    int abstain,
    Optional<Integer> producedCharterVersion) {
  public ProposalSummary {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(description, "description");
    requireNonNull(proposerRef, "proposerRef");
    requireNonNull(opened, "opened");
    requireNonNull(closes, "closes");
    requireNonNull(state, "state");
    requireNonNull(producedCharterVersion, "producedCharterVersion");
  }

  static ProposalSummary of(Governance.ProposalStatus s) {
    Proposal p = s.proposal();
    Outcome o = s.outcome();
    return new ProposalSummary(
        p.id(),
        p.title(),
        p.description(),
        p.proposerRef(),
        p.charterVersion(),
        p.opened(),
        p.closes(),
        o.state(),
        o.members(),
        o.yes(),
        o.no(),
        o.abstain(),
        s.producedVersion());
  }

  public JsonObject toJson() {
    JsonObject.Builder b =
        JsonObject.builder()
            .put("id", id)
            .put("title", title)
            .put("proposer_ref", proposerRef)
            .put("charter_version", charterVersion)
            .put("opened", opened.toString())
            .put("closes", closes.toString())
            .put("state", state.name().toLowerCase(Locale.ROOT))
            .put("members", members)
            .put("yes", yes)
            .put("no", no)
            .put("abstain", abstain);
    description.ifPresent(d -> b.put("description", d));
    producedCharterVersion.ifPresent(v -> b.put("produced_charter_version", v));
    return b.build();
  }

  /**
   * Reads a summary where it sits, so errors name its place.
   *
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  static ProposalSummary read(JsonFields f) {
    String state = f.string("state");
    Outcome.State parsed;
    try {
      parsed = Outcome.State.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw f.invalid("state", "'" + state + "' is not open, adopted or rejected");
    }
    return new ProposalSummary(
        f.string("id"),
        f.string("title"),
        f.optionalString("description"),
        f.string("proposer_ref"),
        f.intValue("charter_version"),
        instant(f, "opened"),
        instant(f, "closes"),
        parsed,
        f.intValue("members"),
        f.intValue("yes"),
        f.intValue("no"),
        f.intValue("abstain"),
        f.optionalIntValue("produced_charter_version"));
  }

  /** An instant as {@link Instant#toString} writes it. */
  static Instant instant(JsonFields f, String name) {
    String text = f.string(name);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw f.invalid(name, "not a timestamp: '" + text + "'");
    }
  }
}
