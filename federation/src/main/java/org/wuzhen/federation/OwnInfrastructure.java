package org.wuzhen.federation;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.pattern.ComparisonExpression;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.pattern.Literal;
import org.wuzhen.pattern.PatternSyntaxException;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.StixObject;

/**
 * The address ranges and domains a member declares as its own. An indicator whose pattern compares
 * against one of them, or a cyber-observable holding one, concerns the node's own infrastructure
 * and does not leave: telling peers which of your hosts you watch is itself sensitive.
 *
 * @param domains lower case, without a trailing dot; a domain covers its subdomains
 */
public record OwnInfrastructure(List<IpNetwork> networks, List<String> domains) {
  public static final OwnInfrastructure NONE = new OwnInfrastructure(List.of(), List.of());

  private static final Set<String> ADDRESS_TYPES = Set.of("ipv4-addr", "ipv6-addr");

  public OwnInfrastructure {
    networks = List.copyOf(networks);
    domains = domains.stream().map(OwnInfrastructure::normalise).toList();
  }

  static OwnInfrastructure parse(Settings s) {
    s.allowOnly(Set.of("networks", "domains"));
    List<IpNetwork> networks = new ArrayList<>();
    List<String> texts = s.strings("networks").orElse(List.of());
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      String setting = s.name("networks") + "[" + i + "]";
      networks.add(
          IpNetwork.parse(text)
              .orElseThrow(
                  () ->
                      new SettingException(
                          setting, "not an IPv4 or IPv6 address or CIDR block: '" + text + "'")));
    }
    List<String> domains = s.strings("domains").orElse(List.of());
    for (int i = 0; i < domains.size(); i++) {
      String d = normalise(domains.get(i));
      if (d.isEmpty() || d.contains("/") || d.contains(" ") || d.contains(":")) {
        throw new SettingException(
            s.name("domains") + "[" + i + "]", "not a domain name: '" + domains.get(i) + "'");
      }
    }
    return new OwnInfrastructure(networks, domains);
  }

  public boolean isEmpty() {
    return networks.isEmpty() && domains.isEmpty();
  }

  /** The own value the object names, if any (also when its pattern cannot be read). */
  Optional<String> concerned(StixObject object) {
    if (isEmpty()) {
      return Optional.empty();
    }
    if (object.pattern().isPresent()) {
      return patternConcerns(object);
    }
    Optional<String> value = object.string("value");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return concerns(object.type(), value.get());
  }

  private Optional<String> patternConcerns(StixObject indicator) {
    String type = indicator.string("pattern_type").orElse("stix");
    if (!type.equals("stix")) {
      return Optional.of("a " + type + " pattern, which this node cannot check");
    }
    try {
      for (ComparisonExpression.Comparison c :
          Patterns.parse(indicator.pattern().orElseThrow()).comparisons()) {
        for (Literal literal : c.values()) {
          if (literal instanceof Literal.StringLiteral s) {
            Optional<String> hit = concerns(c.objectType(), s.value());
            if (hit.isPresent()) {
              return hit;
            }
          }
        }
      }
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of("a pattern that does not parse");
    }
  }

  /** Whether a value of an observable type names own infrastructure. */
  private Optional<String> concerns(String objectType, String value) {
    if (ADDRESS_TYPES.contains(objectType)) {
      Optional<IpNetwork> address = IpNetwork.parse(value);
      if (address.isPresent()) {
        for (IpNetwork own : networks) {
          // Either way round: a wider block that covers ours names our hosts too.
          if (own.contains(address.get()) || address.get().contains(own)) {
            return Optional.of(value + " (in " + own + ")");
          }
        }
      }
      return Optional.empty();
    }
    Optional<String> host =
        switch (objectType) {
          case "domain-name" -> Optional.of(value);
          case "url" -> hostOf(value);
          case "email-addr" ->
              value.indexOf('@') >= 0
                  ? Optional.of(value.substring(value.lastIndexOf('@') + 1))
                  : Optional.empty();
          default -> Optional.empty();
        };
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String h = normalise(host.get());
    for (String own : domains) {
      if (h.equals(own) || h.endsWith("." + own)) {
        return Optional.of(value + " (under " + own + ")");
      }
    }
    // A URL may name a host by address.
    if (objectType.equals("url")) {
      return concerns(
          h.contains(":") ? "ipv6-addr" : "ipv4-addr", h.replace("[", "").replace("]", ""));
    }
    return Optional.empty();
  }

  private static Optional<String> hostOf(String url) {
    try {
      return Optional.ofNullable(URI.create(url.strip()).getHost());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String normalise(String domain) {
    String d = domain.strip().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }
}
