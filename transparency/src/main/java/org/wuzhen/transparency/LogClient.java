package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.LogHash;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * The log's routes as typed calls over a {@link TaxiiClient} (auditors, federation peers), each
 * failure an {@link AuditFailure} that says whether the node could be asked at all. Thread-safe.
 */
public final class LogClient {
  /** Bound of one answer unless told otherwise: heads and proofs are a few kilobytes. */
  public static final long DEFAULT_MAX_BYTES = 4L << 20;

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final TaxiiClient client;

  public LogClient(TaxiiClient client) {
    this.client = requireNonNull(client, "client");
  }

  /**
   * A client of the node at {@code node} (its URL, or any URL on it such as an API root's) with the
   * log's timeouts and at most {@code maxBytes} per answer.
   */
  public static LogClient of(URI node, Credentials credentials, long maxBytes) {
    return new LogClient(builder(node).credentials(credentials).maxResponseBytes(maxBytes).build());
  }

  /**
   * A builder of a client for the log's routes on {@code node}: the log's timeouts and {@link
   * #DEFAULT_MAX_BYTES}, for callers that also call other routes of that node.
   */
  public static TaxiiClient.Builder builder(URI node) {
    return TaxiiClient.builder(node)
        .connectTimeout(CONNECT_TIMEOUT)
        .requestTimeout(REQUEST_TIMEOUT)
        .maxResponseBytes(DEFAULT_MAX_BYTES);
  }

  /** The node's latest signed head, parsed (not verified). */
  public TreeHead head() throws AuditFailure {
    return call(() -> client.get("/wuzhen/log/head/", Map.of(), TreeHead::fromJson));
  }

  /** As {@link #head}, but empty when the node serves no log (HTTP 404). */
  public Optional<TreeHead> findHead() throws AuditFailure {
    return call(() -> client.find("/wuzhen/log/head/", Map.of(), TreeHead::fromJson));
  }

  /** The node's log key as it publishes it (base64 SPKI), checked to be an Ed25519 key. */
  public String publicKey() throws AuditFailure {
    String text =
        call(() -> client.get("/wuzhen/log/key/", Map.of(), LogReplies.Key::fromJson)).publicKey();
    key(text);
    return text;
  }

  /** A base64 SPKI Ed25519 key, or a failure naming the node's answer. */
  static PublicKey key(String base64) throws AuditFailure {
    try {
      return Ed25519Keys.parsePublic(base64, "node key");
    } catch (IllegalArgumentException e) {
      throw new AuditFailure("the node's key is not an Ed25519 public key");
    }
  }

  /** RFC 9162 consistency proof between two sizes the node has signed. */
  public List<LogHash> consistencyProof(long first, long second) throws AuditFailure {
    return get(
            "/wuzhen/log/proof/consistency/",
            Map.of("first", Long.toString(first), "second", Long.toString(second)),
            LogReplies.ConsistencyProof::fromJson)
        .path();
  }

  /** RFC 9162 inclusion proof of one leaf in the tree of a size the node has signed. */
  List<LogHash> inclusionProof(long index, long treeSize) throws AuditFailure {
    return get(
            "/wuzhen/log/proof/inclusion/",
            Map.of("leaf_index", Long.toString(index), "tree_size", Long.toString(treeSize)),
            LogReplies.InclusionProof::fromJson)
        .path();
  }

  /** Leaves {@code start} (inclusive) to {@code end} (exclusive). */
  List<LogReplies.Leaf> leaves(long start, long end) throws AuditFailure {
    return get(
            "/wuzhen/log/leaves/",
            Map.of("start", Long.toString(start), "end", Long.toString(end)),
            LogReplies.Leaves::fromJson)
        .leaves();
  }

  /** Every stored version of an object, with the leaf that logged it. */
  List<LogReplies.ObjectEntry> objectEntries(String collection, String id) throws AuditFailure {
    return get(
            "/wuzhen/log/object/",
            Map.of("collection", collection, "id", id),
            LogReplies.ObjectEntries::fromJson)
        .entries();
  }

  /** The leaves about the object version a collection added at {@code dateAdded}. */
  List<LogReplies.Leaf> versionLeaves(String collection, long dateAdded) throws AuditFailure {
    return get(
            "/wuzhen/log/version/",
            Map.of("collection", collection, "date_added", Long.toString(dateAdded)),
            LogReplies.Leaves::fromJson)
        .leaves();
  }

  private <T> T get(String path, Map<String, String> query, Function<JsonValue, T> reply)
      throws AuditFailure {
    return call(() -> client.get(path, query, reply));
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws TaxiiClientException;
  }

  /**
   * The call's result, or its failure as an audit failure: no answer or a server error means the
   * node could not be checked; a refusal may prove something (see {@link HeadConsistency}).
   */
  private static <T> T call(Call<T> call) throws AuditFailure {
    try {
      return call.run();
    } catch (TaxiiClientException e) {
      throw switch (e.kind()) {
        case UNREACHABLE, TIMED_OUT, SERVER_ERROR -> AuditFailure.unreachable(e.getMessage(), e);
        case REFUSED -> AuditFailure.refused(e.getMessage());
        case MALFORMED, TOO_LARGE -> new AuditFailure(e.getMessage(), e);
      };
    }
  }
}
