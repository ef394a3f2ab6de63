package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@link TaxiiServer} listens and what it announces. Checked when constructed; an error names
 * the setting, e.g. {@code taxii.api_roots[1].name: ...}.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the TCP port, 0 for an ephemeral one (see {@link TaxiiServer#port()})
 * @param discovery what {@code /taxii2/} says
 * @param apiRoots the API roots; the first is the discovery {@code default}. Every root serves all
 *     collections of the store.
 * @param statusRetention how long status resources stay readable (TAXII asks for at least 24 h)
 * @param defaultPageSize page size when a request has no {@code limit}
 * @param maxPageSize larger {@code limit}s are clamped to this
 * @param signingKey HMAC-SHA256 key for {@code next} tokens and status ids: at least 32 bytes, the
 *     same for every process of one node, and kept across restarts
 * @param publicUrl the URL clients reach the node at ({@code https://taxii.example.org/}), which
 *     discovery's API root URLs are built from; without it they are built from the address the
 *     connection arrived at, never from a client's {@code Host} header
 * @param tls how the port speaks TLS; plain HTTP ({@link TlsSettings.LoopbackOnly}) by default
 * @param login how password logins are bounded ({@link LoginLimits#DEFAULTS} by default)
 */
public record TaxiiConfig(
    String host,
    int port,
    Discovery discovery,
    List<ApiRoot> apiRoots,
    Duration statusRetention,
    int defaultPageSize,
    int maxPageSize,
    byte[] signingKey,
    Optional<URI> publicUrl,
    TlsSettings tls,
    LoginLimits login) {

  /** Default {@code max_content_length} of an API root: 10 MiB. */
  public static final long DEFAULT_MAX_CONTENT_LENGTH = 10L * 1024 * 1024;

  /** Largest accepted {@code max_content_length}: request bodies are held in memory. */
  public static final long MAX_CONTENT_LENGTH_LIMIT = 1L << 30;

  private static final Pattern ROOT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]*");

  /** The discovery resource's texts (§4.1.1). */
  public record Discovery(String title, Optional<String> description, Optional<String> contact) {
    public Discovery {
      requireNonNull(title, "title");
      requireNonNull(description, "description");
      requireNonNull(contact, "contact");
    }
  }

  /**
   * One API root (§4.2.1), served at {@code /{name}/}.
   *
   * @param maxContentLength largest POST body in octets; larger ones get 413
   */
  public record ApiRoot(
      String name, String title, Optional<String> description, long maxContentLength) {
    public ApiRoot {
      requireNonNull(name, "name");
      requireNonNull(title, "title");
      requireNonNull(description, "description");
    }

    public static ApiRoot of(String name, String title) {
      return new ApiRoot(name, title, Optional.empty(), DEFAULT_MAX_CONTENT_LENGTH);
    }

    public ApiRoot withMaxContentLength(long octets) {
      return new ApiRoot(name, title, description, octets);
    }
  }

  public TaxiiConfig {
    requireNonNull(host, "taxii.host");
    requireNonNull(discovery, "taxii.discovery");
    requireNonNull(statusRetention, "taxii.status_retention");
    requireNonNull(signingKey, "taxii.signing_key");
    requireNonNull(publicUrl, "server.public_url");
    requireNonNull(tls, "tls");
    requireNonNull(login, "login");
    publicUrl = publicUrl.map(TaxiiConfig::publicUrl);
    apiRoots = List.copyOf(apiRoots);
    signingKey = signingKey.clone();
    if (host.isBlank()) {
      throw invalid("taxii.host", "must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw invalid("taxii.port", "must be 0..65535 (0 = any free port), was " + port);
    }
    if (discovery.title().isBlank()) {
      throw invalid("taxii.discovery.title", "must not be blank");
    }
    if (apiRoots.isEmpty()) {
      throw invalid("taxii.api_roots", "at least one API root is needed");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < apiRoots.size(); i++) {
      ApiRoot root = apiRoots.get(i);
      String at = "taxii.api_roots[" + i + "]";
      if (!ROOT_NAME.matcher(root.name()).matches()) {
        throw invalid(
            at + ".name",
            "'" + root.name() + "' is not a path segment (letters, digits, '.', '_', '~', '-')");
      }
      if (root.name().equals("taxii2")) {
        throw invalid(at + ".name", "'taxii2' is the discovery path");
      }
      if (!names.add(root.name())) {
        throw invalid(at + ".name", "'" + root.name() + "' is used by another API root");
      }
      if (root.title().isBlank()) {
        throw invalid(at + ".title", "must not be blank");
      }
      if (root.maxContentLength() < 1 || root.maxContentLength() > MAX_CONTENT_LENGTH_LIMIT) {
        throw invalid(
            at + ".max_content_length",
            "must be 1.." + MAX_CONTENT_LENGTH_LIMIT + " octets, was " + root.maxContentLength());
      }
    }
    if (statusRetention.compareTo(Duration.ofHours(24)) < 0) {
      throw invalid(
          "taxii.status_retention", "TAXII needs at least 24 hours, was " + statusRetention);
    }
    if (maxPageSize < 1 || maxPageSize > 10_000) {
      throw invalid("taxii.max_page_size", "must be 1..10000, was " + maxPageSize);
    }
    if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
      throw invalid(
          "taxii.default_page_size",
          "must be 1..max_page_size (" + maxPageSize + "), was " + defaultPageSize);
    }
    if (signingKey.length < 32) {
      throw invalid(
          "taxii.signing_key", "must be at least 32 bytes, was " + signingKey.length + " bytes");
    }
  }

  /** A configuration without a public URL, on plain HTTP (loopback only). */
  public TaxiiConfig(
      String host,
      int port,
      Discovery discovery,
      List<ApiRoot> apiRoots,
      Duration statusRetention,
      int defaultPageSize,
      int maxPageSize,
      byte[] signingKey) {
    this(
        host,
        port,
        discovery,
        apiRoots,
        statusRetention,
        defaultPageSize,
        maxPageSize,
        signingKey,
        Optional.empty(),
        TlsSettings.loopbackOnly(),
        LoginLimits.DEFAULTS);
  }

  /**
   * A configuration with the defaults: 127.0.0.1, an ephemeral port, plain HTTP, statuses kept 24
   * hours, pages of 100 and at most 1000.
   */
  public static TaxiiConfig of(Discovery discovery, List<ApiRoot> apiRoots, byte[] signingKey) {
    return new TaxiiConfig(
        "127.0.0.1", 0, discovery, apiRoots, Duration.ofHours(24), 100, 1000, signingKey);
  }

  public TaxiiConfig withAddress(String newHost, int newPort) {
    return new TaxiiConfig(
        newHost,
        newPort,
        discovery,
        apiRoots,
        statusRetention,
        defaultPageSize,
        maxPageSize,
        signingKey,
        publicUrl,
        tls,
        login);
  }

  public TaxiiConfig withPageSizes(int newDefault, int newMax) {
    return new TaxiiConfig(
        host,
        port,
        discovery,
        apiRoots,
        statusRetention,
        newDefault,
        newMax,
        signingKey,
        publicUrl,
        tls,
        login);
  }

  public TaxiiConfig withStatusRetention(Duration retention) {
    return new TaxiiConfig(
        host,
        port,
        discovery,
        apiRoots,
        retention,
        defaultPageSize,
        maxPageSize,
        signingKey,
        publicUrl,
        tls,
        login);
  }

  /** This configuration with the URL clients reach the node at (see {@link #publicUrl}). */
  public TaxiiConfig withPublicUrl(Optional<URI> url) {
    return new TaxiiConfig(
        host,
        port,
        discovery,
        apiRoots,
        statusRetention,
        defaultPageSize,
        maxPageSize,
        signingKey,
        url,
        tls,
        login);
  }

  /** This configuration with another way of speaking TLS. */
  public TaxiiConfig withTls(TlsSettings settings) {
    return new TaxiiConfig(
        host,
        port,
        discovery,
        apiRoots,
        statusRetention,
        defaultPageSize,
        maxPageSize,
        signingKey,
        publicUrl,
        settings,
        login);
  }

  /** This configuration with other limits on password logins. */
  public TaxiiConfig withLogin(LoginLimits limits) {
    return new TaxiiConfig(
        host,
        port,
        discovery,
        apiRoots,
        statusRetention,
        defaultPageSize,
        maxPageSize,
        signingKey,
        publicUrl,
        tls,
        limits);
  }

  /**
   * A public URL, checked and ending in {@code /}.
   *
   * @throws IllegalArgumentException {@code config server.public_url: ...} when it is not an
   *     absolute http(s) URL without user, query or fragment
   */
  public static URI publicUrl(URI url) {
    if (!url.isAbsolute()
        || url.getHost() == null
        || !List.of("http", "https").contains(url.getScheme())
        || url.getRawQuery() != null
        || url.getRawFragment() != null
        || url.getRawUserInfo() != null) {
      throw invalid(
          "server.public_url",
          "not an absolute http(s) URL without user, query or fragment: '" + url + "'");
    }
    String text = url.toString();
    return URI.create(text.endsWith("/") ? text : text + "/");
  }

  /** A copy of the key; the record never hands out its own array. */
  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  Optional<ApiRoot> apiRoot(String name) {
    return apiRoots.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaxiiConfig c
        && host.equals(c.host)
        && port == c.port
        && discovery.equals(c.discovery)
        && apiRoots.equals(c.apiRoots)
        && statusRetention.equals(c.statusRetention)
        && defaultPageSize == c.defaultPageSize
        && maxPageSize == c.maxPageSize
        && java.util.Arrays.equals(signingKey, c.signingKey)
        && publicUrl.equals(c.publicUrl)
        && tls.equals(c.tls)
        && login.equals(c.login);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(host, port, discovery, apiRoots, statusRetention)
        + 31 * java.util.Arrays.hashCode(signingKey);
  }

  @Override
  public String toString() {
    return "TaxiiConfig[host="
        + host
        + ", port="
        + port
        + ", apiRoots="
        + apiRoots
        + ", statusRetention="
        + statusRetention
        + ", pageSizes="
        + defaultPageSize
        + "/"
        + maxPageSize
        + ", publicUrl="
        + publicUrl
        + ", tls="
        + tls
        + ", login="
        + login
        + ", signingKey=(hidden)]";
  }

  private static IllegalArgumentException invalid(String setting, String problem) {
    return new IllegalArgumentException("config " + setting + ": " + problem);
  }
}
