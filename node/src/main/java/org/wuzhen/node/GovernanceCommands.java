package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.CharterPatch;
import org.wuzhen.governance.GovernanceException;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.governance.Vote;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.Signatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The community's commands, spoken to a running node over HTTP: the charter, proposals, votes, the
 * per-object dialogue and disputes. Everything a member writes goes through TAXII POST, so the
 * node's rules apply exactly as they do to any other client.
 */
final class GovernanceCommands {
  private GovernanceCommands() {}

  /** A command against a node: prints node refusals and failures, never a stack trace. */
  abstract static class NodeAction implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin NodeClient node;

    abstract int run(PrintWriter out);

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        return run(spec.commandLine().getOut());
      } catch (NodeClient.Failure e) {
        err.println("wuzhen: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      } catch (GovernanceException e) {
        err.println("wuzhen: " + e.getMessage());
        return ExitCodes.INVALID;
      }
    }

    /** Publishes, then reports the node's refusals; exit 1 when any object was refused. */
    int publish(PrintWriter out, String collection, List<StixObject> objects, String done) {
      List<String> failures = node.publish(collection, objects);
      if (!failures.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        failures.forEach(f -> err.println("wuzhen: refused: " + f));
        return ExitCodes.INVALID;
      }
      out.println(done);
      return ExitCodes.OK;
    }

    JsonObject me() {
      return node.get("wuzhen/me/");
    }

    Charter charterInForce() {
      return charterOf(node);
    }
  }

  /**
   * A command that publishes in the member's name: signs each object with the member's key (the
   * charter's {@code member_signatures} rule decides whether the node insists) before posting.
   */
  abstract static class SigningAction extends NodeAction {
    @Option(
        names = "--key",
        paramLabel = "FILE",
        description = {
          "The member's private key (from wuzhen keys create; FILE.pub beside it) to sign with.",
          "Default: the environment variable WUZHEN_MEMBER_KEY."
        })
    Optional<Path> key;

    @Override
    int publish(PrintWriter out, String collection, List<StixObject> objects, String done) {
      return super.publish(out, collection, sign(objects), done);
    }

    /** The objects signed with --key; without a key, unsigned if the charter allows it. */
    List<StixObject> sign(List<StixObject> objects) {
      Optional<Path> key =
          this.key.or(
              () ->
                  Optional.ofNullable(System.getenv("WUZHEN_MEMBER_KEY"))
                      .filter(v -> !v.isBlank())
                      .map(Path::of));
      if (key.isEmpty()) {
        Charter c = charterInForce();
        if (c.signaturesRequired()) {
          throw new GovernanceException(
              "--key: charter v"
                  + c.version()
                  + " requires member signatures; give --key FILE (made by wuzhen keys create,"
                  + " its public key registered in the charter) or set WUZHEN_MEMBER_KEY");
        }
        return objects;
      }
      KeyPair pair;
      try {
        pair = Ed25519Keys.readPair(key.get());
      } catch (IOException e) {
        throw new NodeClient.Failure(
            "--key: " + e.getMessage() + " (the .pub file must be beside it)");
      }
      return objects.stream().map(o -> Signatures.sign(o, pair)).toList();
    }
  }

  /** The charter in force on the node. */
  static Charter charterOf(NodeClient node) {
    return GovernanceStix.charter(
        StixObject.from(node.get("wuzhen/charter/").object("object").orElseThrow()));
  }

  @Command(
      name = "charter",
      mixinStandardHelpOptions = true,
      description = "The community's charter.",
      subcommands = {CharterShow.class})
  static final class CharterCommand {}

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show the charter in force, or an earlier version.")
  static final class CharterShow extends NodeAction {
    @Option(names = "--version", paramLabel = "N", description = "Show version N.")
    Optional<Integer> version;

    @Override
    int run(PrintWriter out) {
      JsonObject body = node.get("wuzhen/charter/" + version.map(v -> "?version=" + v).orElse(""));
      Charter c = GovernanceStix.charter(StixObject.from(body.object("object").orElseThrow()));
      out.println(
          "Charter v"
              + c.version()
              + " (adopted "
              + c.adopted()
              + c.proposalRef().map(p -> " by " + p).orElse(", founding")
              + ")");
      out.println("Members (" + c.members().size() + "):");
      for (CharterMember m : c.members()) {
        out.println(
            "  "
                + m.name()
                + "  "
                + m.identityId()
                + (m.addressSpace().isEmpty()
                    ? ""
                    : "  owns " + m.addressSpace().size() + " network(s)")
                + m.publicKeys().stream()
                    .map(k -> "  key " + Ed25519Keys.keyId(k))
                    .collect(Collectors.joining()));
      }
      out.println("Rules:");
      c.rules()
          .forEach(
              (rule, value) ->
                  out.printf("  %-34s %s%n", rule.ruleName(), Json.write(value.toJson())));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "propose",
      mixinStandardHelpOptions = true,
      description = {
        "Open a proposal to change the charter.",
        "The patch file holds {\"set\":[{\"rule\":..,\"value\":..}], \"admit\":[..], \"keys\":[..],",
        "\"depart\":[..]}; keys replaces a member's public keys (a rotation)."
      })
  static final class ProposeCommand extends SigningAction {
    @Option(
        names = "--patch",
        required = true,
        paramLabel = "FILE",
        description = "The patch (JSON).")
    Path patchFile;

    @Option(
        names = "--title",
        required = true,
        paramLabel = "TEXT",
        description = "What the proposal does.")
    String title;

    @Option(names = "--description", paramLabel = "TEXT", description = "Why.")
    Optional<String> description;

    @Override
    int run(PrintWriter out) {
      CharterPatch patch;
      try {
        patch = CharterPatch.parse(Json.parse(Files.readAllBytes(patchFile)));
      } catch (IOException e) {
        throw new NodeClient.Failure("--patch: cannot read " + patchFile + ": " + e.getMessage());
      } catch (JsonSyntaxException e) {
        throw new GovernanceException("--patch " + patchFile + ": not JSON: " + e.getMessage());
      }
      JsonObject me = me();
      Charter c = charterInForce();
      c.check(patch);
      String id = GovernanceStix.newId(GovernanceStix.PROPOSAL);
      StixObject proposal =
          GovernanceStix.proposalObject(
              id,
              me.string("identity_ref").orElseThrow(),
              title,
              description,
              patch,
              c,
              Instant.now());
      return publish(
          out,
          me.string("governance_collection").orElseThrow(),
          List.of(proposal),
          "opened " + id + " (closes " + GovernanceStix.proposal(proposal).closes() + ")");
    }
  }

  @Command(
      name = "vote",
      mixinStandardHelpOptions = true,
      description = "Vote on a proposal; a later vote replaces yours until the close.")
  static final class VoteCommand extends SigningAction {
    @Parameters(index = "0", paramLabel = "PROPOSAL", description = "The proposal's id.")
    String proposal;

    @Parameters(index = "1", paramLabel = "CHOICE", description = "yes, no or abstain.")
    String choice;

    @Override
    int run(PrintWriter out) {
      Vote.Choice c =
          switch (choice) {
            case "yes" -> Vote.Choice.YES;
            case "no" -> Vote.Choice.NO;
            case "abstain" -> Vote.Choice.ABSTAIN;
            default ->
                throw new GovernanceException("CHOICE: '" + choice + "' is not yes, no or abstain");
          };
      JsonObject me = me();
      StixObject vote =
          GovernanceStix.voteObject(
              GovernanceStix.newId(GovernanceStix.VOTE),
              me.string("identity_ref").orElseThrow(),
              proposal,
              c,
              Instant.now());
      return publish(
          out,
          me.string("governance_collection").orElseThrow(),
          List.of(vote),
          "voted " + choice + " on " + proposal);
    }
  }

  @Command(
      name = "proposals",
      mixinStandardHelpOptions = true,
      description = "The community's proposals.",
      subcommands = {ProposalsList.class})
  static final class ProposalsCommand {}

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List proposals with their tally so far or their outcome.")
  static final class ProposalsList extends NodeAction {
    @Override
    int run(PrintWriter out) {
      List<JsonValue> list =
          node.get("wuzhen/proposals/")
              .array("proposals")
              .map(JsonArray::elements)
              .orElse(List.of());
      if (list.isEmpty()) {
        out.println("no proposals");
      }
      for (JsonValue v : list) {
        JsonObject p = (JsonObject) v;
        out.printf(
            "%s  %-8s yes %s no %s abstain %s of %s  closes %s  %s%n",
            p.string("id").orElse("?"),
            p.string("state").orElse("?"),
            number(p, "yes"),
            number(p, "no"),
            number(p, "abstain"),
            number(p, "members"),
            p.string("closes").orElse("?"),
            p.string("title").orElse(""));
      }
      return ExitCodes.OK;
    }
  }

  static String number(JsonObject o, String name) {
    return o.get(name).map(Json::write).orElse("0");
  }
}
