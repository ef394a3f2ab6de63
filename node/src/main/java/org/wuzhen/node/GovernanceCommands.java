package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.wuzhen.governance.CallerView;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.CharterPatch;
import org.wuzhen.governance.GovernanceClient;
import org.wuzhen.governance.GovernanceException;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.governance.ProposalSummary;
import org.wuzhen.governance.Vote;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.taxii.StatusResource;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;
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
    @Mixin NodeOptions node;

    @Option(
        names = "--api-root",
        paramLabel = "NAME",
        defaultValue = "community",
        description = "The TAXII API root to publish in (default: ${DEFAULT-VALUE}).")
    String apiRoot;

    private TaxiiClient client;

    abstract int run(PrintWriter out) throws TaxiiClientException;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        return run(spec.commandLine().getOut());
      } catch (TaxiiClientException | NodeOptions.Failure e) {
        err.println("wuzhen: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      } catch (GovernanceException e) {
        err.println("wuzhen: " + e.getMessage());
        return ExitCodes.INVALID;
      }
    }

    /** The node's client, made on first use; these commands always log in. */
    TaxiiClient client() {
      if (client == null) {
        client = node.client(false);
      }
      return client;
    }

    GovernanceClient governance() {
      return new GovernanceClient(client());
    }

    /** Publishes, then reports the node's refusals; exit 1 when any object was refused. */
    int publish(PrintWriter out, String collection, List<StixObject> objects, String done)
        throws TaxiiClientException {
      StatusResource status =
          client().addObjects(apiRoot, collection, objects.stream().map(StixObject::json).toList());
      if (!status.failures().isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        status.failures().forEach(f -> err.println("wuzhen: refused: " + f.describe()));
        return ExitCodes.INVALID;
      }
      out.println(done);
      return ExitCodes.OK;
    }

    CallerView me() throws TaxiiClientException {
      return governance().me();
    }

    /** Where the community publishes, or why this user cannot publish there. */
    String governanceCollection(CallerView me) {
      return me.governanceCollection()
          .orElseThrow(
              () ->
                  new GovernanceException(
                      "you may not read the community's governance collection on this node"));
    }

    Charter charterInForce() throws TaxiiClientException {
      return governance().charter(Optional.empty()).charter();
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
        defaultValue = "${env:WUZHEN_MEMBER_KEY}",
        description = {
          "The member's private key (from wuzhen keys create; FILE.pub beside it) to sign with.",
          "Default: the environment variable WUZHEN_MEMBER_KEY."
        })
    Optional<String> key;

    @Override
    int publish(PrintWriter out, String collection, List<StixObject> objects, String done)
        throws TaxiiClientException {
      return super.publish(out, collection, sign(objects), done);
    }

    /** The objects signed with --key; without a key, unsigned if the charter allows it. */
    List<StixObject> sign(List<StixObject> objects) throws TaxiiClientException {
      Optional<Path> key = this.key.filter(k -> !k.isBlank()).map(Path::of);
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
        throw new NodeOptions.Failure(
            "--key: " + e.getMessage() + " (the .pub file must be beside it)");
      }
      return objects.stream().map(o -> Signatures.sign(o, pair)).toList();
    }
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
    int run(PrintWriter out) throws TaxiiClientException {
      Charter c = governance().charter(version).charter();
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
    int run(PrintWriter out) throws TaxiiClientException {
      CharterPatch patch;
      try {
        patch = CharterPatch.parse(Json.parse(Files.readAllBytes(patchFile)));
      } catch (IOException e) {
        throw new NodeOptions.Failure("--patch: cannot read " + patchFile + ": " + e.getMessage());
      } catch (JsonSyntaxException e) {
        throw new GovernanceException("--patch " + patchFile + ": not JSON: " + e.getMessage());
      }
      CallerView me = me();
      Charter c = charterInForce();
      c.check(patch);
      String id = GovernanceStix.newId(GovernanceStix.PROPOSAL);
      StixObject proposal =
          GovernanceStix.proposalObject(
              id, me.identityRef(), title, description, patch, c, Instant.now());
      return publish(
          out,
          governanceCollection(me),
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
    int run(PrintWriter out) throws TaxiiClientException {
      Vote.Choice c =
          switch (choice) {
            case "yes" -> Vote.Choice.YES;
            case "no" -> Vote.Choice.NO;
            case "abstain" -> Vote.Choice.ABSTAIN;
            default ->
                throw new GovernanceException("CHOICE: '" + choice + "' is not yes, no or abstain");
          };
      CallerView me = me();
      StixObject vote =
          GovernanceStix.voteObject(
              GovernanceStix.newId(GovernanceStix.VOTE),
              me.identityRef(),
              proposal,
              c,
              Instant.now());
      return publish(
          out, governanceCollection(me), List.of(vote), "voted " + choice + " on " + proposal);
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
    int run(PrintWriter out) throws TaxiiClientException {
      List<ProposalSummary> list = governance().proposals().proposals();
      if (list.isEmpty()) {
        out.println("no proposals");
      }
      for (ProposalSummary p : list) {
        out.printf(
            "%s  %-8s yes %d no %d abstain %d of %d  closes %s  %s%n",
            p.id(),
            p.state().name().toLowerCase(Locale.ROOT),
            p.yes(),
            p.no(),
            p.abstain(),
            p.members(),
            p.closes(),
            p.title());
      }
      return ExitCodes.OK;
    }
  }
}
