package org.wuzhen.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.detect.TelemetryFormat;

/**
 * One instance of the app in a JVM of its own, for tests that kill it with {@code kill -9}: {@code
 * main(bootstrap, app, stateDir)} starts it on the topics {@link StreamDetectionBrokerTest} makes
 * and runs until killed.
 */
final class InstanceProcess {
  private InstanceProcess() {}

  static StreamSettings settings(String bootstrap, String app, Path state) {
    return new StreamSettings(
        bootstrap,
        app,
        app + ".indicators",
        app + ".sightings",
        List.of(new TelemetryTopic(app + ".zeek.dns", new TelemetryFormat.Zeek(), "dns")),
        Telemetry.OPTIONS,
        1,
        Optional.of(state),
        Duration.ofMillis(200),
        Duration.ZERO,
        StreamSettings.DEFAULT_RETRO_HUNT_INTERVAL,
        // a killed instance's partitions move on after 6 s rather than 45
        Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
  }

  static Process start(String bootstrap, String app, Path state) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            InstanceProcess.class.getName(),
            bootstrap,
            app,
            state.toString())
        .redirectErrorStream(true)
        .redirectOutput(state.resolveSibling(state.getFileName() + ".log").toFile())
        .start();
  }

  public static void main(String[] args) throws Exception {
    StreamDetection d =
        StreamDetection.builder(settings(args[0], args[1], Path.of(args[2]))).start();
    System.out.println(d.awaitRunning(Duration.ofMinutes(2)) ? "running" : "not running");
    System.out.flush();
    d.awaitStop();
  }
}
