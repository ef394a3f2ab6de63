package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixDocument;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.transparency.AuditFailure;
import org.wuzhen.transparency.AuditState;
import org.wuzhen.transparency.Auditor;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.MemberKeys;
import org.wuzhen.transparency.Signatures;
import org.wuzhen.transparency.VerificationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wuzhen keys create}, {@code wuzhen sign}, {@code wuzhen verify} and {@code wuzhen audit
 * verify}: member keys and signatures, and the outside audit of a node's transparency log.
 */
final class TransparencyCommands {
  private TransparencyCommands() {}

  @Command(
      name = "keys",
      mixinStandardHelpOptions = true,
      description = "Member signing keys (Ed25519).",
      subcommands = KeysCreate.class)
  static final class KeysCommand {}

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create an Ed25519 key pair: DIR/member.key (PKCS#8 PEM, permissions 0600) and",
        "DIR/member.key.pub (SPKI PEM). Prints the key id and the public key, never the private key."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:created", "2:the key file exists or cannot be written"})
  static final class KeysCreate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory (default: .).")
    Path out = Path.of(".");

    @Override
    public Integer call() {
      PrintWriter stdout = spec.commandLine().getOut();
      Path privateFile = out.resolve("member.key");
      Path publicFile = out.resolve("member.key.pub");
      try {
        Files.createDirectories(out);
        if (Files.exists(privateFile) || Files.exists(publicFile)) {
          return fail(spec, privateFile + ": exists; refusing to overwrite a key");
        }
        KeyPair pair = Ed25519Keys.generate();
        Ed25519Keys.writePrivate(privateFile, pair.getPrivate());
        Ed25519Keys.writePublic(publicFile, pair.getPublic());
        stdout.println("private key: " + privateFile + " (0600; keep it secret)");
        stdout.println("public key:  " + publicFile);
        stdout.println("key id:      " + Ed25519Keys.keyId(pair.getPublic()));
        stdout.println("public key (base64 SPKI): " + Ed25519Keys.encodePublic(pair.getPublic()));
        return ExitCodes.OK;
      } catch (IOException e) {
        return fail(spec, "cannot write the key: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = {
        "Sign every object of a bundle or object file with a member key (detached Ed25519",
        "signature over the object's RFC 8785 canonical JSON, in a STIX extension). An earlier",
        "member signature is replaced. Writes the signed document to --out or stdout."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:signed", "1:the file is not STIX", "2:unreadable file or key"})
  static final class SignCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Bundle or object; - is stdin.")
    String file;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "member.key")
    Path key;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: stdout).")
    Optional<Path> out;

    @Override
    public Integer call() {
      KeyPair pair;
      try {
        pair = Ed25519Keys.readPair(key);
      } catch (IOException e) {
        return fail(spec, "--key: " + e.getMessage() + " (the .pub file must be beside it)");
      }
      StixDocument doc;
      try {
        doc = read(file);
      } catch (InputFiles.UnreadableInput e) {
        return fail(spec, e.getMessage());
      } catch (StixFormatException | IllegalArgumentException e) {
        spec.commandLine().getErr().println("wuzhen: " + file + ": " + e.getMessage());
        return ExitCodes.INVALID;
      }
      List<StixObject> signed = new ArrayList<>();
      for (StixObject o : doc.objects()) {
        signed.add(Signatures.sign(o, pair));
      }
      String text = Json.writePretty(doc.with(signed)) + "\n";
      try {
        if (out.isPresent()) {
          Files.writeString(out.get(), text, StandardCharsets.UTF_8);
          spec.commandLine()
              .getOut()
              .println("signed " + signed.size() + " objects into " + out.get());
        } else {
          spec.commandLine().getOut().print(text);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      } catch (IOException e) {
        return fail(spec, "--out: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify the member signatures of every object of a bundle or object file. Prints one",
        "line per object: valid, unsigned, unknown key or invalid with the reason."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:no object has an invalid signature or an unknown key",
        "1:an object's signature is invalid or by an unknown key",
        "2:unreadable file or key"
      })
  static final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Bundle or object; - is stdin.")
    String file;

    @Option(
        names = "--keys",
        arity = "1..*",
        required = true,
        paramLabel = "IDENTITY=PUBFILE",
        description = "Member keys: the member's identity id, '=', its public key file.")
    List<String> keys;

    @Override
    public Integer call() {
      MemberKeys registry = MemberKeys.NONE;
      for (String k : keys) {
        int eq = k.indexOf('=');
        if (eq <= 0) {
          return fail(spec, "--keys: expected IDENTITY_ID=PUBLIC_KEY_FILE, got '" + k + "'");
        }
        try {
          PublicKey key = Ed25519Keys.readPublic(Path.of(k.substring(eq + 1)));
          registry = registry.with(k.substring(0, eq), key);
        } catch (IOException | IllegalArgumentException e) {
          return fail(spec, "--keys " + k.substring(0, eq) + ": " + e.getMessage());
        }
      }
      StixDocument doc;
      try {
        doc = read(file);
      } catch (InputFiles.UnreadableInput e) {
        return fail(spec, e.getMessage());
      } catch (StixFormatException | IllegalArgumentException e) {
        spec.commandLine().getErr().println("wuzhen: " + file + ": " + e.getMessage());
        return ExitCodes.INVALID;
      }
      PrintWriter out = spec.commandLine().getOut();
      int bad = 0;
      for (StixObject o : doc.objects()) {
        String line =
            switch (Signatures.verify(o, registry)) {
              case VerificationResult.Valid v ->
                  "valid (member " + v.memberIdentityId() + ", key " + v.keyId() + ")";
              case VerificationResult.Unsigned u -> "unsigned";
              case VerificationResult.UnknownKey u -> {
                bad++;
                yield "unknown key " + u.keyId();
              }
              case VerificationResult.Invalid i -> {
                bad++;
                yield "INVALID: " + i.reason();
              }
            };
        out.println(o.id() + ": " + line);
      }
      out.println(
          doc.objects().size() + " objects, " + bad + " with an invalid or unknown signature");
      out.flush();
      return bad == 0 ? ExitCodes.OK : ExitCodes.INVALID;
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "Audit a node's transparency log from outside.",
      subcommands = AuditVerify.class)
  static final class AuditCommand {}

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check a node: its tree head's signature, consistency with the head kept in --state (then",
        "updated) and with heads other auditors kept (--peer-state), inclusion of --leaf leaves,",
        "and for each --object that every stored version is logged with the SHA-256 of its exact",
        "JSON and that versions seen before were not removed without a logged deletion."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every check passed",
        "1:an inconsistency (the message says which)",
        "2:bad usage or the node could not be reached"
      })
  static final class AuditVerify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin NodeOptions node;

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

    @Override
    public Integer call() {
      URI uri;
      Credentials credentials;
      try {
        uri = node.uri();
        credentials = node.login.credentials();
      } catch (NodeOptions.Failure e) {
        return fail(spec, e.getMessage());
      }
      List<Auditor.ObjectRef> refs = new ArrayList<>();
      if (!objects.isEmpty()) {
        if (collection.isEmpty()) {
          return fail(spec, "--collection: required with --object");
        }
        String c;
        try {
          c = CollectionId.parse(collection.get()).toString();
        } catch (IllegalArgumentException e) {
          return fail(spec, "--collection: " + e.getMessage());
        }
        objects.forEach(id -> refs.add(new Auditor.ObjectRef(c, id)));
      }
      for (Long leaf : leaves) {
        if (leaf < 0) {
          return fail(spec, "--leaf: negative: " + leaf);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
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
                new Auditor.Request(uri, previous, peerStates, refs, leaves, false, credentials));
        report.checks().forEach(c -> out.println("ok: " + c));
        if (state.isPresent()) {
          report.state().write(state.get());
        }
        out.println("audit passed: " + report.checks().size() + " checks");
        out.flush();
        return ExitCodes.OK;
      } catch (AuditFailure e) {
        if (e.nodeUnreachable()) {
          return fail(spec, "audit not done: " + e.getMessage());
        }
        err.println("wuzhen: audit FAILED: " + e.getMessage());
        err.flush();
        return ExitCodes.INVALID;
      }
    }
  }

  /** A bundle, list or single object file, kept in its shape so signing writes it back so. */
  private static StixDocument read(String file) throws InputFiles.UnreadableInput {
    return StixDocument.from(Json.parse(InputFiles.read(file, System.in)));
  }

  private static int fail(CommandSpec spec, String message) {
    spec.commandLine().getErr().println("wuzhen: " + message);
    spec.commandLine().getErr().flush();
    return ExitCodes.UNREADABLE;
  }
}
