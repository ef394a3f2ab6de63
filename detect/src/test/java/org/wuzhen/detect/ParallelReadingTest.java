package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;

/**
 * {@link LiveDetection#read(List, int)}: several inputs read at once give exactly the reports,
 * counts and sightings (samples and their order included) of reading them one after the other.
 */
class ParallelReadingTest {
  private static final Path ZEEK = Path.of("src/test/resources/zeek");

  /** Every real log, JSON and TSV, some twice, so that the inputs outnumber the threads. */
  private static List<TelemetryInput> inputs() {
    List<TelemetryInput> out = new ArrayList<>();
    for (String log :
        List.of(
            "json/dns.json.gz",
            "json/ssl.json.gz",
            "tsv/dns.log.gz",
            "json/smtp.json.gz",
            "json/x509.json.gz",
            "tsv/x509.log.gz",
            "json/ssl.json.gz")) {
      out.add(new TelemetryInput.File(ZEEK.resolve(log)));
    }
    return out;
  }

  private record Run(
      List<ReadReport> reports, LiveDetection.Summary summary, List<String> objects) {}

  private static Run run(List<StixObject> indicators, List<TelemetryInput> inputs, int threads)
      throws UnreadableInputException {
    InMemorySightingSink sink = new InMemorySightingSink();
    LiveDetection live =
        LiveDetection.start(
            Fixtures.zeekRun(
                Fixtures.sightings().withSampleSize(3).withBucket(Duration.ofMinutes(1))),
            () -> indicators,
            sink,
            e -> {
              throw new AssertionError(e);
            });
    List<ReadReport> reports = live.read(inputs, threads);
    LiveDetection.Summary summary = live.finish();
    List<String> objects = new ArrayList<>();
    for (JsonObject o : sink.last()) {
      // created and modified are the time of the snapshot; everything else is the telemetry's.
      objects.add(o.without("created").without("modified").toString());
    }
    return new Run(reports, summary, objects);
  }

  @Test
  void readingInputsAtOnceGivesTheSerialRunsReportsCountsAndSightings() throws Exception {
    List<StixObject> indicators = new ArrayList<>(LineRateReadingTest.present());
    indicators.add(Fixtures.indicator(50, "[url:value LIKE 'http://%']"));
    indicators.add(Fixtures.indicator(51, "[network-traffic:dst_port = 443]"));
    Run serial = run(indicators, inputs(), 1);
    assertThat(serial.summary().matches()).as("not vacuous").isGreaterThan(10_000);
    assertThat(serial.summary().sightings()).isGreaterThan(10);
    for (int threads : new int[] {2, 3, 8}) {
      Run parallel = run(indicators, inputs(), threads);
      assertThat(parallel.reports()).as("%d threads", threads).isEqualTo(serial.reports());
      assertThat(parallel.summary()).as("%d threads", threads).isEqualTo(serial.summary());
      assertThat(parallel.objects()).as("%d threads", threads).isEqualTo(serial.objects());
    }
  }

  @Test
  void multiObservationPlansAndSingleInputsReadAsTheSerialRun() throws Exception {
    List<StixObject> indicators = new ArrayList<>(LineRateReadingTest.present());
    indicators.add(
        Fixtures.indicator(
            60,
            "[domain-name:value = 'ise.wrccdc.org'] FOLLOWEDBY [ipv4-addr:value = '134.71.3.16']"));
    Run serial = run(indicators, inputs(), 1);
    Run parallel = run(indicators, inputs(), 4);
    assertThat(parallel).isEqualTo(serial);
    List<TelemetryInput> one = inputs().subList(0, 1);
    assertThat(run(indicators, one, 4)).isEqualTo(run(indicators, one, 1));
  }

  @Test
  void anUnreadableInputFailsAsItDoesInTheSerialRun() {
    List<TelemetryInput> inputs = new ArrayList<>(inputs());
    inputs.add(2, new TelemetryInput.File(ZEEK.resolve("json/missing.json.gz")));
    String serial =
        org.assertj.core.api.Assertions.catchThrowable(
                () -> run(LineRateReadingTest.present(), inputs, 1))
            .getMessage();
    assertThat(serial).contains("missing.json.gz").contains("cannot open");
    assertThatThrownBy(() -> run(LineRateReadingTest.present(), inputs, 4))
        .isInstanceOf(UnreadableInputException.class)
        .hasMessage(serial);
  }

  @Test
  void refusesFewerThanOneThread() {
    assertThatThrownBy(() -> run(List.of(), inputs(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads: must be at least 1, found 0");
  }
}
