package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.wuzhen.store.SyncCursor;

/**
 * A source this node pulls from that is not a TAXII peer, such as a MISP feed (the {@code peers}
 * entries of another {@code kind}; docs/federation.md): {@link Federation} polls it on its schedule
 * like a peer, and its status and cursors are shown with the peers' ({@code GET /wuzhen/peers/},
 * the console's status page, the metrics). The module that knows the source implements it.
 * Implementations are thread-safe; one poll of a source runs at a time.
 */
public interface PullSource {
  /** Its name in the config's {@code peers} list, unique among peers and sources. */
  String name();

  /** Time between the starts of two polls. */
  Duration interval();

  /**
   * Polls once, now.
   *
   * @param stopped true once the node is closing: the poll should end soon, keeping what it did
   * @throws IOException when the source could not be read at all (the message is the status's last
   *     error; the next poll is one interval later)
   */
  Polled poll(BooleanSupplier stopped) throws IOException;

  /** Where pulling stands, by what the source calls its parts (a feed's {@code manifest.json}). */
  Map<String, Optional<SyncCursor>> cursors();

  /**
   * One of its cursors in words, for the status page and {@code wuzhen peer status}: what the
   * cursor's {@link SyncCursor#addedAfter()} field holds for this source (a feed keeps its
   * manifest's ETag there, not a date).
   */
  String position(SyncCursor cursor);

  /**
   * What one poll did.
   *
   * @param added object versions stored
   * @param duplicates object versions already here
   * @param failures what could not be fetched or read (retried next poll); none when caught up
   */
  record Polled(long added, long duplicates, List<String> failures) {
    public Polled {
      failures = List.copyOf(requireNonNull(failures, "failures"));
    }
  }
}
