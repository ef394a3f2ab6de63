package org.wuzhen.node;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
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
    int run(PrintWriter out) {
      JsonObject view = node.get("wuzhen/objects/" + id + "/");
      out.println(id + view.string("collection").map(c -> " (collection " + c + ")").orElse(""));
      JsonObject consensus = view.object("consensus").orElse(JsonObject.EMPTY);
      out.println(
          "consensus: "
              + consensus.get("average").map(Json::write).orElse("none")
              + " from "
              + GovernanceCommands.number(consensus, "members")
              + " member(s) "
              + Json.write(consensus.get("opinions").orElse(JsonObject.EMPTY)));
      view.object("dispute")
          .ifPresent(
              d -> {
                out.println("dispute: " + d.string("state").orElse("?"));
                for (JsonValue e : d.array("history").map(JsonArray::elements).orElse(List.of())) {
                  JsonObject h = (JsonObject) e;
                  out.println(
                      "  "
                          + h.string("at").orElse("")
                          + "  "
                          + h.string("member").orElse("")
                          + ": "
                          + h.string("what").orElse("")
                          + " -> "
                          + h.string("state").orElse(""));
                }
              });
      view.object("standing").ifPresent(s -> out.println("standing: " + Json.write(s)));
      List<JsonValue> signatures =
          view.array("signatures").map(JsonArray::elements).orElse(List.of());
      if (!signatures.isEmpty()) {
        out.println("signatures (" + signatures.size() + " version(s)):");
        for (JsonValue item : signatures) {
          JsonObject sig = (JsonObject) item;
          String result = sig.string("result").orElse("?");
          out.println(
              "  "
                  + sig.string("modified").orElse("?")
                  + "  "
                  + switch (result) {
                    case "valid" ->
                        "valid, by "
                            + sig.string("member").orElse("?")
                            + " (key "
                            + sig.string("key_id").orElse("?")
                            + ")";
                    case "unknown-key" ->
                        "unknown key "
                            + sig.string("key_id").orElse("?")
                            + ": "
                            + sig.string("reason").orElse("");
                    case "invalid" -> "INVALID: " + sig.string("reason").orElse("");
                    default -> result;
                  });
        }
      }
      for (String kind : List.of("notes", "opinions", "sightings")) {
        List<JsonValue> items = view.array(kind).map(JsonArray::elements).orElse(List.of());
        out.println(kind + " (" + items.size() + "):");
        for (JsonValue item : items) {
          JsonObject o = (JsonObject) item;
          out.println(
              "  "
                  + o.string("id").orElse("?")
                  + " by "
                  + o.string("created_by_ref").orElse("?")
                  + ": "
                  + o.string("opinion").or(() -> o.string("content")).orElse(""));
        }
      }
      return ExitCodes.OK;
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
    int run(PrintWriter out) {
      JsonObject me = me();
      String by = me.string("identity_ref").orElseThrow();
      JsonObject view = node.get("wuzhen/objects/" + id + "/");
      String collection =
          view.string("collection")
              .orElseThrow(() -> new NodeClient.Failure(id + ": not in a collection you can read"));
      int code =
          publish(
              out,
              collection,
              GovernanceStix.falsePositiveReport(by, id, reason, Instant.now()),
              "reported " + id + " as a false positive");
      if (code == ExitCodes.OK) {
        node.get("wuzhen/objects/" + id + "/")
            .object("dispute")
            .ifPresent(d -> out.println("dispute: " + d.string("state").orElse("?")));
      }
      return code;
    }
  }
}
