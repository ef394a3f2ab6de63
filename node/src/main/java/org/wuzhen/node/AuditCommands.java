package org.wuzhen.node;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.wuzhen.node.config.ConfigException;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreException;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.transparency.AuditFailure;
import org.wuzhen.transparency.AuditState;
import org.wuzhen.transparency.Auditor;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.FullAudit;
import org.wuzhen.transparency.LogClient;
import org.wuzhen.transparency.TreeHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wuzhen audit verify}: the audit of a node's transparency log, from outside over {@code
 * --url} (any member, docs/transparency.md "Audit procedure"), or in full on the node's own data
 * with {@code --full}.
 */
final class AuditCommands {
  private AuditCommands() {}

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "Audit a node's transparency log.",
      subcommands = AuditVerify.class)
  static final class AuditCommand {}

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Over --url: check the node's tree head signature, consistency with the head kept in",
        "--state (then updated) and with heads other auditors kept (--peer-state), inclusion of",
        "--leaf leaves, every leaf of the signed tree with --all-leaves (records you may read, the",
        "hashes of the rest), and for each --object that every stored version is logged with the",
        "SHA-256 of its exact JSON and that versions seen before were not removed without a logged",
        "deletion.",
        "With --full, on the node's own data (--data or --config): recompute the tree from every",
        "leaf record, compare every stored subtree hash and every stored object version with it,",
        "and the roots of the heads in --state, --peer-state and, with --url, the node's current",
        "head; the first difference is named."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every check passed",
        "1:an inconsistency (the message says which)",
        "2:bad usage, or the node or its store could not be reached"
      })
  static final class AuditVerify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--url",
        paramLabel = "URL",
        description = "The node, e.g. http://127.0.0.1:9443/ (required unless --full).")
    Optional<String> url;

    @Mixin CredentialOptions login;

    @Mixin StoreOptions store;

    @Option(
        names = "--full",
        description = "Audit the node's own data in full (with --data or --config; run it there).")
    boolean full;

    @Option(names = "--state", paramLabel = "FILE", description = "Audit state (read, updated).")
    Optional<Path> state;

    @Option(
        names = "--peer-state",
        paramLabel = "FILE",
        description = "Another auditor's state file of this node (repeatable).")
    List<Path> peers = List.of();

    @Option(names = "--object", paramLabel = "ID", description = "Object id to check (repeatable).")
    List<String> objects = List.of();

    @Option(names = "--collection", paramLabel = "ID", description = "Collection of --object.")
    Optional<String> collection;

    @Option(names = "--leaf", paramLabel = "N", description = "Leaf index to check (repeatable).")
    List<Long> leaves = List.of();

    @Option(
        names = "--all-leaves",
        description = "Replay every leaf of the signed tree and compare the root.")
    boolean allLeaves;

    @Override
    public Integer call() {
      try {
        return full ? full() : remote();
      } catch (NodeOptions.Failure e) {
        return fail(e.getMessage());
      }
    }

    private URI uri(String text) {
      NodeOptions node = new NodeOptions();
      node.url = text;
      node.login = login;
      URI uri = node.uri();
      node.client(true); // a CA or certificate file that cannot be used fails here, named
      return uri;
    }

    private Integer remote() {
      URI uri = uri(url.orElseThrow(() -> new NodeOptions.Failure("--url: required (or --full)")));
      Credentials credentials = login.credentials();
      List<Auditor.ObjectRef> refs = new ArrayList<>();
      if (!objects.isEmpty()) {
        if (collection.isEmpty()) {
          return fail("--collection: required with --object");
        }
        String c;
        try {
          c = CollectionId.parse(collection.get()).toString();
        } catch (IllegalArgumentException e) {
          return fail("--collection: " + e.getMessage());
        }
        objects.forEach(id -> refs.add(new Auditor.ObjectRef(c, id)));
      }
      for (Long leaf : leaves) {
        if (leaf < 0) {
          return fail("--leaf: negative: " + leaf);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      try {
        AuditState previous =
            state.isPresent() && Files.exists(state.get())
                ? AuditState.read(state.get())
                : new AuditState(uri.toString(), Optional.empty(), Optional.empty(), List.of());
        List<AuditState> peerStates = new ArrayList<>();
        for (Path p : peers) {
          peerStates.add(AuditState.read(p));
        }
        Auditor.Report report =
            Auditor.audit(
                new Auditor.Request(
                    uri,
                    previous,
                    peerStates,
                    refs,
                    leaves,
                    allLeaves,
                    credentials,
                    login.trust()));
        report.checks().forEach(c -> out.println("ok: " + c));
        if (state.isPresent()) {
          report.state().write(state.get());
        }
        out.println("audit passed: " + report.checks().size() + " checks");
        out.flush();
        return ExitCodes.OK;
      } catch (AuditFailure e) {
        return failed(e);
      }
    }

    /** The whole log and every stored object, on the node's own store; nothing is written. */
    private Integer full() {
      if (!objects.isEmpty() || !leaves.isEmpty() || allLeaves) {
        return fail(
            "--full: checks every leaf and every stored object already; --object, --leaf and"
                + " --all-leaves are for audits over --url");
      }
      PrintWriter out = spec.commandLine().getOut();
      try {
        List<TreeHead> signed = new ArrayList<>();
        Optional<String> pinned = Optional.empty();
        List<Path> files = new ArrayList<>(peers);
        state.filter(Files::exists).ifPresent(p -> files.addFirst(p));
        for (Path file : files) {
          AuditState s = AuditState.read(file);
          if (s.head().isPresent()) {
            signed.add(verified(s.head().get(), s.publicKey(), file.toString()));
            pinned = pinned.or(s::publicKey);
          }
        }
        if (url.isPresent()) {
          LogClient node =
              new LogClient(LogClient.builder(uri(url.get())).trust(login.trust()).build());
          String key = node.publicKey();
          if (pinned.isPresent() && !pinned.get().equals(key)) {
            throw new AuditFailure("the node key changed: --url serves another key than the state");
          }
          TreeHead head = node.head();
          signed.add(verified(head, Optional.of(key), "--url"));
          out.println("ok: head " + head.treeSize() + " of " + url.get() + ": signature valid");
        }
        FullAudit.Report report;
        try (Store s = store.open()) {
          report = FullAudit.run(s, signed);
        }
        report.checks().forEach(c -> out.println("ok: " + c));
        out.println(
            "full audit passed: "
                + report.treeSize()
                + " leaves, "
                + report.versions()
                + " stored versions");
        out.flush();
        return ExitCodes.OK;
      } catch (ConfigException e) {
        return fail(e.getMessage());
      } catch (StoreException.Unavailable e) {
        return fail("cannot open the store: " + e.getMessage());
      } catch (AuditFailure e) {
        return failed(e);
      }
    }

    /** A head whose signature verifies with the key its source pinned. */
    private static TreeHead verified(TreeHead head, Optional<String> key, String source)
        throws AuditFailure {
      if (key.isEmpty()) {
        throw new AuditFailure(source + ": a head without the node key it was signed with");
      }
      try {
        if (!head.verify(Ed25519Keys.parsePublic(key.get(), source))) {
          throw new AuditFailure(
              source + ": the signature of head " + head.treeSize() + " does not verify");
        }
      } catch (IllegalArgumentException e) {
        throw new AuditFailure(source + ": " + e.getMessage(), e);
      }
      return head;
    }

    private Integer failed(AuditFailure e) {
      if (e.nodeUnreachable()) {
        return fail("audit not done: " + e.getMessage());
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("wuzhen: audit FAILED: " + e.getMessage());
      err.flush();
      return ExitCodes.INVALID;
    }

    private int fail(String message) {
      spec.commandLine().getErr().println("wuzhen: " + message);
      spec.commandLine().getErr().flush();
      return ExitCodes.UNREADABLE;
    }
  }
}
