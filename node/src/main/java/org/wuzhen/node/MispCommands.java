package org.wuzhen.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.wuzhen.misp.ImportReport;
import org.wuzhen.misp.MispFeedClient;
import org.wuzhen.misp.MispFormatException;
import org.wuzhen.misp.MispImport;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.taxii.StatusResource;
import org.wuzhen.taxii.client.TaxiiClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wuzhen misp}: MISP interoperability (docs/misp.md). */
@Command(
    name = "misp",
    mixinStandardHelpOptions = true,
    description = "Import MISP events into a node; export a collection as a MISP feed.",
    subcommands = {MispCommands.Import.class, MispCommands.ExportFeed.class})
final class MispCommands {
  private MispCommands() {}

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import MISP events (a file, a directory of *.json files, or an http(s) URL; every shape",
        "MISP exports: {\"Event\":...}, {\"response\":[...]}, lists) into a TAXII collection as",
        "STIX 2.1, following misp-stix's ids. Each event is checked before it is sent and goes",
        "whole or not at all; repairs to messy data are listed with their JSON path."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every event was imported",
        "1:some events or objects were refused (the others were imported)",
        "2:the input or the node cannot be read, or bad usage"
      })
  static final class Import implements Callable<Integer> {
    /** Objects per POST: several small events share one, a large event is split. */
    static final int ENVELOPE = 2000;

    static final Duration POST_TIMEOUT = Duration.ofMinutes(5);

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|DIR|URL", description = "The MISP events.")
    String source;

    @Option(
        names = "--collection",
        paramLabel = "URL",
        description = {
          "The TAXII collection, e.g. http://127.0.0.1:9443/api1/collections/ID/ (required",
          "unless --dry-run)."
        })
    Optional<String> collection;

    @Option(
        names = "--dry-run",
        description = {
          "Read, convert and check every event as an import would, and send nothing: what",
          "would be imported, refused and repaired."
        })
    boolean dryRun;

    @Option(
        names = "--identity",
        required = true,
        paramLabel = "ID",
        description = "Your member's identity id: the publisher (created_by_ref) of everything.")
    String identity;

    @Option(names = "--verbose", description = "List every count and repair, not only totals.")
    boolean verbose;

    @Option(
        names = "--quiet",
        description = "No progress line and no totals: the summary line and refusals only.")
    boolean quiet;

    @Mixin CredentialOptions login;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        StixId publisher = publisher(identity);
        if (collection.isEmpty() && !dryRun) {
          throw new NodeOptions.Failure("--collection: missing (required unless --dry-run)");
        }
        Optional<CredentialOptions.Client> client =
            dryRun
                ? Optional.empty()
                : Optional.of(
                    login.collectionClient("--collection", collection.get(), POST_TIMEOUT));
        MispImport importer =
            new MispImport(
                publisher,
                new StixValidator(
                    StixValidator.Options.defaults().withPatternCheck(Patterns.validatorCheck())));
        Sender sender = new Sender(client, err);
        ProgressLine progress =
            new ProgressLine(
                err,
                ProgressLine.wanted(quiet),
                elapsed ->
                    String.format(
                        Locale.ROOT,
                        "%,d events, %,d attributes (%,.0f/s), %,d STIX objects "
                            + (dryRun ? "checked" : "sent"),
                        sender.events.get(),
                        sender.attributes.get(),
                        ProgressLine.rate(sender.attributes.get(), elapsed),
                        sender.sent.get()));
        Instant started = Instant.now();
        ImportReport report;
        progress.start();
        try {
          report = read(importer, sender);
          sender.flush();
        } catch (IOException | SendFailed | MispFormatException e) {
          progress.stop();
          err.println(
              "wuzhen misp import: "
                  + switch (e) {
                    case SendFailed f -> "--collection: " + f.getMessage();
                    case IOException io -> source + ": " + describe(io);
                    default -> e.getMessage();
                  });
          out.println(stopped(sender, Duration.between(started, Instant.now())));
          return ExitCodes.UNREADABLE;
        } finally {
          progress.stop();
        }
        Duration took = Duration.between(started, Instant.now());
        List<String> lines = report.lines();
        if (!quiet) {
          out.println(lines.getFirst());
        }
        for (String line : lines.subList(1, lines.size())) {
          if (line.startsWith("refused") || (verbose && !quiet)) {
            out.println(line);
          }
        }
        out.println(summary(report, sender, took));
        return report.refused().isEmpty() && sender.refused.get() == 0
            ? ExitCodes.OK
            : ExitCodes.INVALID;
      } catch (NodeOptions.Failure | MispFormatException e) {
        err.println("wuzhen misp import: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
    }

    /** The summary line of an import that could not go on: what had been done by then. */
    static String stopped(Sender sender, Duration took) {
      return String.format(
          Locale.ROOT,
          "wuzhen misp import: stopped after %d events, %d attributes in %.1f s; %d STIX objects"
              + " sent, %d refused by the node",
          sender.events.get(),
          sender.attributes.get(),
          took.toMillis() / 1000.0,
          sender.sent.get(),
          sender.refused.get());
    }

    /** The last line of a finished import, printed even with --quiet. */
    static String summary(ImportReport report, Sender sender, Duration took) {
      if (sender.client.isEmpty()) {
        return String.format(
            Locale.ROOT,
            "wuzhen misp import: dry run: %d events would be imported, %d refused; %d attributes"
                + " in %.1f s (%.0f attributes/s); %d STIX objects checked, nothing sent",
            report.events(),
            report.refused().size(),
            report.attributes(),
            took.toMillis() / 1000.0,
            ProgressLine.rate(report.attributes(), took),
            sender.sent.get());
      }
      return String.format(
          Locale.ROOT,
          "wuzhen misp import: %d events imported, %d refused; %d attributes in %.1f s (%.0f"
              + " attributes/s); %d STIX objects sent, %d refused by the node",
          report.events(),
          report.refused().size(),
          report.attributes(),
          took.toMillis() / 1000.0,
          ProgressLine.rate(report.attributes(), took),
          sender.sent.get(),
          sender.refused.get());
    }

    private ImportReport read(MispImport importer, Sender sender) throws IOException {
      if (source.startsWith("http://") || source.startsWith("https://")) {
        URI url;
        try {
          url = URI.create(source);
        } catch (IllegalArgumentException e) {
          throw new NodeOptions.Failure(source + ": not a URL");
        }
        return importer.convert(url, sender::add);
      }
      Path path = Path.of(source);
      if (!Files.exists(path)) {
        throw new NoSuchFileException(source);
      }
      return importer.convert(path, sender::add);
    }

    private static String describe(IOException e) {
      return e instanceof NoSuchFileException ? "no such file" : e.getMessage();
    }

    private static StixId publisher(String text) {
      try {
        StixId id = StixId.parse(text);
        if (!id.type().equals("identity")) {
          throw new NodeOptions.Failure("--identity: expected an identity id, found " + text);
        }
        return id;
      } catch (StixFormatException e) {
        throw new NodeOptions.Failure("--identity: " + e.getMessage());
      }
    }
  }

  @Command(
      name = "export-feed",
      mixinStandardHelpOptions = true,
      description = {
        "Write a collection as a MISP feed (manifest.json, <uuid>.json, hashes.csv) into a",
        "directory, for static hosting or air-gapped transfer: what the node serves you at",
        "/misp/feeds/<collection>/, its read decision and feed policy applied."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the feed was written", "2:the node or the directory cannot be used"})
  static final class ExportFeed implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--collection",
        required = true,
        paramLabel = "URL",
        description = "The TAXII collection, e.g. http://127.0.0.1:9443/api1/collections/ID/")
    String collection;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write.")
    Path out;

    @Mixin CredentialOptions login;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        CredentialOptions.Client client =
            login.collectionClient("--collection", collection, NodeOptions.REQUEST_TIMEOUT);
        int events =
            new MispFeedClient(client.taxii()).exportTo(client.collection().collection(), out);
        spec.commandLine().getOut().println(events + " events written to " + out);
        return ExitCodes.OK;
      } catch (NodeOptions.Failure | TaxiiClientException e) {
        err.println("wuzhen misp export-feed: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      } catch (IOException e) {
        err.println("wuzhen misp export-feed: --out: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
    }
  }

  /** A failed call to the node: the import stops (what was sent stays). */
  static final class SendFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SendFailed(String message) {
      super(message);
    }
  }

  /**
   * Gathers converted events into envelopes of about {@link Import#ENVELOPE} objects, never
   * splitting an event that fits in one, and posts them; says the node's first refusals on stderr.
   * Confined to the command's thread, but for its counts, which a progress line reads.
   */
  static final class Sender {
    /** Empty for a dry run: envelopes are counted as checked, not sent. */
    private final Optional<CredentialOptions.Client> client;

    private final PrintWriter err;
    private final List<JsonValue> pending = new ArrayList<>();
    final AtomicLong events = new AtomicLong();
    final AtomicLong attributes = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    Sender(Optional<CredentialOptions.Client> client, PrintWriter err) {
      this.client = client;
      this.err = err;
    }

    void add(MispImport.ConvertedEvent event) {
      events.incrementAndGet();
      attributes.addAndGet(event.attributes());
      if (pending.size() + event.objects().size() > Import.ENVELOPE) {
        flush();
      }
      for (StixObject o : event.objects()) {
        pending.add(o.json());
        if (pending.size() >= Import.ENVELOPE) {
          flush();
        }
      }
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      if (client.isEmpty()) {
        sent.addAndGet(pending.size());
        pending.clear();
        return;
      }
      try {
        CredentialOptions.Client node = client.get();
        StatusResource status =
            node.taxii()
                .addObjects(node.collection().apiRoot(), node.collection().collection(), pending);
        sent.addAndGet(status.successCount());
        for (StatusResource.Detail d : status.failures()) {
          if (refused.incrementAndGet() <= 10) {
            err.println("wuzhen misp import: refused " + d.describe());
          }
        }
      } catch (TaxiiClientException e) {
        throw new SendFailed(e.getMessage());
      }
      pending.clear();
      err.flush();
    }
  }
}
