package org.wuzhen.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.wuzhen.detect.FieldMapping;
import org.wuzhen.detect.IndicatorSource;
import org.wuzhen.detect.LiveDetection;
import org.wuzhen.detect.ReadReport;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.SightingSink;
import org.wuzhen.detect.StreamMatcher;
import org.wuzhen.detect.TelemetryFormat;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;

/**
 * What {@code wuzhen detect} does per input, warm: a {@link LiveDetection} run (line-rate Zeek
 * reading, gunzip on its own thread, matching, sightings) over the real Zeek logs held in memory,
 * at 0, 1,000 and 1,000,000 indicators ({@link IndicatorSet}: the same seeded set as {@link
 * DetectBenchmark}, {@code -Dwuzhen.present=N} values per kind taken from the input, 120 by
 * default; {@code -Dwuzhen.avoid=true} draws the generated values clear of the input's, see {@link
 * WriteIndicatorBundle}), against {@code gunzip}: inflating the same bytes in the same JVM.
 * Counters {@code events} and {@code bytes} (uncompressed) are per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class LineRateBenchmark {
  static final String EVE = "detect/src/test/resources/eve/wrccdc-eve.json.gz";

  /** The same dns and ssl logs as {@link TelemetryInput#DEFAULT}, as Zeek writes them in TSV. */
  static final String TSV =
      "/work/shared/data/zeek/tsv/dns.log.gz,/work/shared/data/zeek/tsv/ssl.log.gz";

  /** A mapping of EVE lines as a member would write it for its own JSON logs. */
  static final String MAPPING =
      """
      {"time": {"field": "timestamp", "format": "iso8601"},
       "objects": [
         {"type": "domain-name", "properties": {"value": "dns.rrname"}},
         {"type": "domain-name", "properties": {"value": "tls.sni"}},
         {"type": "x509-certificate", "properties": {"serial_number": "tls.fingerprint"}}
       ],
       "connection": {"src": "src_ip", "dst": "dest_ip", "src_port": "src_port",
                      "dst_port": "dest_port", "protocol": "proto"}}
      """;

  /** The input files and a run compiled once per trial. */
  @State(Scope.Benchmark)
  public static class Run {
    @Param({"0", "1000", "1000000"})
    public int indicators;

    /**
     * {@code zeek}: the Zeek JSON logs; {@code tsv}: the same logs as Zeek TSV ({@code
     * -Dwuzhen.tsv.input}, by default {@link #TSV}); {@code eve}: the same capture as Suricata EVE
     * lines ({@code -Dwuzhen.eve.input}, by default the file of detect's test resources); {@code
     * jsonl}: those EVE lines through a field mapping ({@link #MAPPING}).
     */
    @Param({"zeek"})
    public String format;

    TelemetryInput telemetry;
    LiveDetection live;

    @Setup(Level.Trial)
    public void start() throws Exception {
      TelemetryInput zeek = TelemetryInput.load();
      telemetry =
          switch (format) {
            case "zeek" -> zeek;
            case "tsv" -> TelemetryInput.files(System.getProperty("wuzhen.tsv.input", TSV));
            default -> TelemetryInput.files(System.getProperty("wuzhen.eve.input", EVE));
          };
      List<StixObject> set =
          indicators == 0
              ? List.of()
              : IndicatorSet.generate(
                  indicators,
                  Path.of(System.getProperty("wuzhen.ipsum", DetectBenchmark.IPSUM)),
                  zeek.present(Integer.getInteger("wuzhen.present", 120)),
                  DetectBenchmark.SEED,
                  Boolean.getBoolean("wuzhen.avoid") ? zeek.values() : CaptureValues.NONE);
      IndicatorSource source = () -> set;
      live =
          LiveDetection.start(
              new LiveDetection.Settings(
                  switch (format) {
                    case "zeek", "tsv" -> new TelemetryFormat.Zeek();
                    case "eve" -> new TelemetryFormat.Eve();
                    case "jsonl" -> new TelemetryFormat.JsonLines(FieldMapping.parse(MAPPING));
                    default -> throw new IllegalArgumentException("format: " + format);
                  },
                  StreamMatcher.Limits.DEFAULT,
                  SightingOptions.defaults(
                      StixId.parse("identity--00000000-0000-4000-8000-000000000001")),
                  Optional.empty(),
                  false,
                  Duration.ofSeconds(1),
                  Optional.empty()),
              source,
              objects -> new SightingSink.Delivery.Accepted(),
              e -> {});
      System.gc();
    }
  }

  @Benchmark
  public void detect(Run run, DetectBenchmark.Throughput counted, Blackhole sink) throws Exception {
    for (int i = 0; i < run.telemetry.files().size(); i++) {
      List<ReadReport> reports =
          run.live.read(
              List.of(
                  new org.wuzhen.detect.TelemetryInput.Opened(
                      run.telemetry.names().get(i),
                      new ByteArrayInputStream(run.telemetry.files().get(i)))));
      counted.events += reports.getFirst().events();
      sink.consume(reports);
    }
    counted.bytes += run.telemetry.uncompressedBytes();
  }

  /** Inflating the same bytes: the bound reading cannot pass on one thread. */
  @Benchmark
  @org.openjdk.jmh.annotations.Fork(
      value = 1,
      jvmArgsAppend = {"-Xmx1g"})
  public void gunzip(DetectBenchmark.Input input, DetectBenchmark.Throughput counted)
      throws IOException {
    byte[] buffer = new byte[1 << 18];
    for (byte[] file : input.telemetry.files()) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file), 1 << 16)) {
        while (in.read(buffer) >= 0) {
          // inflate only
        }
      }
    }
    counted.events += input.telemetry.events();
    counted.bytes += input.telemetry.uncompressedBytes();
  }
}
