package org.wuzhen.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Writes the benchmark's indicator set ({@link IndicatorSet}, same seed and present values as
 * {@link DetectBenchmark}) as one STIX bundle, for end-to-end runs of {@code wuzhen detect}: {@code
 * java -cp bench/target/benchmarks.jar org.wuzhen.bench.WriteIndicatorBundle N OUT.json}. N = 0
 * writes an empty bundle (the parse-only baseline of the command). {@code -Dwuzhen.present=0} takes
 * no value from the input; {@code -Dwuzhen.avoid=true} draws every generated value again until the
 * input's observables hold none it could match ({@link CaptureValues}), so that only the IPsum
 * feed's own addresses can hit: the set of a sensor whose traffic is mostly clean.
 */
public final class WriteIndicatorBundle {
  private WriteIndicatorBundle() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: WriteIndicatorBundle N OUT.json");
      System.exit(2);
    }
    int n = Integer.parseInt(args[0]);
    Path out = Path.of(args[1]);
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write(
          "{\"type\":\"bundle\",\"id\":\"bundle--"
              + UUID.nameUUIDFromBytes(("wuzhen-bench-" + n).getBytes(StandardCharsets.UTF_8))
              + "\",\"objects\":[");
      if (n > 0) {
        TelemetryInput input = TelemetryInput.load();
        boolean[] first = {true};
        CaptureValues avoid =
            Boolean.getBoolean("wuzhen.avoid") ? input.values() : CaptureValues.NONE;
        Path ipsum = Path.of(System.getProperty("wuzhen.ipsum", DetectBenchmark.IPSUM));
        if (avoid != CaptureValues.NONE) {
          long held = IndicatorSet.ipsum(ipsum).stream().filter(avoid::holds).count();
          System.out.println(
              "capture: "
                  + avoid.texts().size()
                  + " distinct texts, "
                  + avoid.ipv4Sorted().length
                  + " IPv4 and "
                  + avoid.ipv6().size()
                  + " IPv6 addresses; IPsum addresses among them: "
                  + held);
        }
        IndicatorSet.generate(
            n,
            ipsum,
            input.present(Integer.getInteger("wuzhen.present", DetectBenchmark.PRESENT_PER_KIND)),
            DetectBenchmark.SEED,
            avoid,
            o -> {
              try {
                w.write(first[0] ? "\n" : ",\n");
                w.write(o.toJson());
                first[0] = false;
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
      }
      w.write("\n]}\n");
    }
    System.out.println(out + ": " + n + " indicators, " + Files.size(out) / 1_000_000 + " MB");
  }
}
