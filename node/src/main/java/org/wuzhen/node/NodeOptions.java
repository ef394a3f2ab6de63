package org.wuzhen.node;

import java.net.URI;
import java.time.Duration;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a command reaches a running node: its URL and the user's credentials ({@link
 * CredentialOptions}). Picocli mixin; with {@link CredentialOptions#collectionClient} the one place
 * the command line builds a {@link TaxiiClient}.
 */
final class NodeOptions {
  /** Connect timeout of the command line's calls. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Request timeout of the command line's calls: a page of 1,000 objects, a charter. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** Bound of one answer: the largest page the command line reads. */
  static final long MAX_ANSWER_BYTES = 256L << 20;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The node, e.g. https://taxii.example.org:9443/ or http://127.0.0.1:9443/")
  String url;

  @Mixin CredentialOptions login;

  /** The command cannot go on; the message is for the user (exit code 2). */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  /** A client of the node; the credentials must be some unless anonymous calls will do. */
  TaxiiClient client(boolean anonymousAllowed) {
    Credentials credentials = login.credentials();
    if (!anonymousAllowed && credentials instanceof Credentials.None) {
      throw new Failure("give --user and --password, or --token (or set WUZHEN_TOKEN)");
    }
    return CredentialOptions.build(
        TaxiiClient.builder(uri())
            .credentials(credentials)
            .trust(login.trust())
            .connectTimeout(CONNECT_TIMEOUT)
            .requestTimeout(REQUEST_TIMEOUT)
            .maxResponseBytes(MAX_ANSWER_BYTES));
  }

  /** The node's URL, ending in {@code /}. */
  URI uri() {
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url : url + "/");
    } catch (IllegalArgumentException e) {
      throw new Failure("--url: not a URL: '" + url + "'");
    }
    try {
      TaxiiClient.builder(uri);
    } catch (IllegalArgumentException e) {
      throw new Failure("--url: " + e.getMessage());
    }
    return uri;
  }
}
