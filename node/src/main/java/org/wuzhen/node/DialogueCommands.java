package org.wuzhen.node;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.wuzhen.governance.Consensus;
import org.wuzhen.governance.Dispute;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.governance.ObjectView;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.taxii.client.TaxiiClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What members say about shared objects, from the command line: the per-object view (notes,
 * opinions, sightings, consensus, dispute) and false-positive reports.
 */
final class DialogueCommands {
  private DialogueCommands() {}

  @Command(
      name = "object",
      mixinStandardHelpOptions = true,
      description = "Shared objects and what members say about them.",
      subcommands = {ObjectShow.class})
  static final class ObjectCommand {}

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Notes, opinions, sightings, consensus and dispute of one object.")
  static final class ObjectShow extends GovernanceCommands.NodeAction {
    @Parameters(index = "0", paramLabel = "ID", description = "The STIX id.")
    String id;

    @Override
    int run(PrintWriter out) throws TaxiiClientException {
      ObjectView view = governance().object(stixId(id));
      out.println(id + view.collection().map(c -> " (collection " + c + ")").orElse(""));
      Consensus consensus = view.consensus();
      out.println(
          "consensus: "
              + consensus.average().map(BigDecimal::toPlainString).orElse("none")
              + " from "
              + consensus.members()
              + " member(s) "
              + Json.write(consensus.toJson().get("opinions").orElseThrow()));
      view.dispute()
          .ifPresent(
              d -> {
                out.println("dispute: " + d.state().word());
                for (Dispute.Event e : d.history()) {
                  out.println(
                      "  "
                          + e.at()
                          + "  "
                          + e.member()
                          + ": "
                          + e.what()
                          + " -> "
                          + e.state().word());
                }
              });
      view.standing().ifPresent(s -> out.println("standing: " + Json.write(s.toJson())));
      if (!view.signatures().isEmpty()) {
        out.println("signatures (" + view.signatures().size() + " version(s)):");
        for (ObjectView.SignatureCheck sig : view.signatures()) {
          out.println(
              "  "
                  + sig.modified()
                  + "  "
                  + switch (sig) {
                    case ObjectView.SignatureCheck.Valid v ->
                        "valid, by " + v.member() + " (key " + v.keyId() + ")";
                    case ObjectView.SignatureCheck.UnknownKey u ->
                        "unknown key " + u.keyId() + ": " + u.reason();
                    case ObjectView.SignatureCheck.Invalid i -> "INVALID: " + i.reason();
                    case ObjectView.SignatureCheck.Unsigned u -> "unsigned";
                  });
        }
      }
      print(out, "notes", view.notes());
      print(out, "opinions", view.opinions());
      print(out, "sightings", view.sightings());
      return ExitCodes.OK;
    }

    private static void print(PrintWriter out, String kind, List<StixObject> items) {
      out.println(kind + " (" + items.size() + "):");
      for (StixObject o : items) {
        out.println(
            "  "
                + o.id()
                + o.createdByRef().map(by -> " by " + by).orElse("")
                + ": "
                + o.string("opinion").or(() -> o.string("content")).orElse(""));
      }
    }
  }

  /** The STIX id a command was given, or a usage failure naming it. */
  static StixId stixId(String id) {
    try {
      return StixId.parse(id);
    } catch (StixFormatException e) {
      throw new NodeOptions.Failure("ID: " + e.getMessage());
    }
  }

  @Command(
      name = "dispute",
      mixinStandardHelpOptions = true,
      description = {
        "Report an object as a false positive: an opinion (strongly-disagree) and a note",
        "with the reason, standard STIX any platform reads."
      })
  static final class DisputeCommand extends GovernanceCommands.SigningAction {
    @Parameters(index = "0", paramLabel = "ID", description = "The disputed object's id.")
    String id;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why it is a false positive.")
    String reason;

    @Override
    int run(PrintWriter out) throws TaxiiClientException {
      String by = me().identityRef();
      StixId object = stixId(id);
      String collection =
          governance()
              .object(object)
              .collection()
              .orElseThrow(
                  () -> new NodeOptions.Failure(id + ": not in a collection you can read"));
      int code =
          publish(
              out,
              collection,
              GovernanceStix.falsePositiveReport(by, id, reason, Instant.now()),
              "reported " + id + " as a false positive");
      if (code == ExitCodes.OK) {
        governance()
            .object(object)
            .dispute()
            .ifPresent(d -> out.println("dispute: " + d.state().word()));
      }
      return code;
    }
  }
}
