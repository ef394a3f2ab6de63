package org.wuzhen.node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.wuzhen.detect.FeedReader;
import org.wuzhen.detect.ReadReport;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixTimestamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wuzhen indicators}: turn common plain-text feeds into STIX indicators. */
@Command(
    name = "indicators",
    mixinStandardHelpOptions = true,
    description = "Work with indicator feeds.",
    subcommands = {IndicatorsCommand.Import.class})
final class IndicatorsCommand {

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Turn a plain-text feed into a STIX bundle of indicators with deterministic ids (the same",
        "value always gives the same indicator id). Formats: 'plain', one IP, CIDR, domain, URL,",
        "e-mail address or hash (MD5, SHA-1, SHA-256, SHA-512) per line; 'ipsum', IPsum's",
        "'IP<TAB>count' lines. Lines starting with # are comments; bad lines are reported with",
        "their number on stderr and skipped."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:every line was converted",
        "1:some lines were bad (the others were converted)",
        "2:the input cannot be read, or bad usage"
      })
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--format", required = true, description = "plain or ipsum.")
    Format format;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write the bundle here instead of stdout.")
    Optional<Path> out;

    @Option(
        names = "--valid-from",
        paramLabel = "TIMESTAMP",
        description = "valid_from, created and modified (default: now).")
    Optional<String> validFrom;

    @Parameters(index = "0", paramLabel = "FILE", description = "The feed; - reads stdin.")
    String file;

    /** The option's values, spelled as users type them. */
    enum Format {
      plain(FeedReader.Format.PLAIN),
      ipsum(FeedReader.Format.IPSUM);

      final FeedReader.Format feed;

      Format(FeedReader.Format feed) {
        this.feed = feed;
      }
    }

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      StixTimestamp from;
      try {
        from = validFrom.map(StixTimestamp::parse).orElse(StixTimestamp.ofMillis(Instant.now()));
      } catch (StixFormatException e) {
        err.println("wuzhen: --valid-from: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
      byte[] bytes;
      try {
        bytes = InputFiles.read(file, System.in);
      } catch (InputFiles.UnreadableInput e) {
        err.println(InputFiles.displayName(file) + ": " + e.getMessage());
        return ExitCodes.UNREADABLE;
      }
      FeedReader.Result feed =
          new FeedReader(format.feed, from)
              .read(InputFiles.displayName(file), new ByteArrayInputStream(bytes));
      for (ReadReport.BadLine bad : feed.badLines()) {
        err.println(bad);
      }
      JsonObject bundle =
          JsonObject.builder()
              .put("type", "bundle")
              .put("id", "bundle--" + UUID.randomUUID())
              .put("objects", new JsonArray(new ArrayList<>(feed.indicators())))
              .build();
      if (out.isPresent()) {
        try (OutputStream o = Files.newOutputStream(out.get())) {
          Json.write(bundle, o, false);
        }
      } else {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(Json.write(bundle));
        stdout.flush();
      }
      long bad = feed.badLineCount();
      err.println(
          feed.indicators().size()
              + " indicators"
              + (bad > 0 ? ", " + bad + " bad lines skipped" : ""));
      err.flush();
      return bad > 0 ? ExitCodes.INVALID : ExitCodes.OK;
    }
  }
}
