package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
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
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.MemberKeys;
import org.wuzhen.transparency.Signatures;
import org.wuzhen.transparency.VerificationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wuzhen keys create}, {@code wuzhen sign} and {@code wuzhen verify}: member keys and
 * signatures ({@link AuditCommands} audits a node's transparency log).
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
