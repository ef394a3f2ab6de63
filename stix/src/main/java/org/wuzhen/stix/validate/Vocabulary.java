package org.wuzhen.stix.validate;

import java.util.Map;
import java.util.Set;

/**
 * The STIX 2.1 vocabularies the validator checks (§10). Open vocabularies ({@code -ov}) give
 * warnings for other values; enumerations ({@code -enum}) give errors.
 */
record Vocabulary(String name, boolean closed, Set<String> values) {

  static final Vocabulary INDICATOR_TYPE =
      open(
          "indicator-type-ov",
          "anomalous-activity",
          "anonymization",
          "benign",
          "compromised",
          "malicious-activity",
          "attribution",
          "unknown");

  static final Vocabulary MALWARE_TYPE =
      open(
          "malware-type-ov",
          "adware",
          "backdoor",
          "bot",
          "bootkit",
          "ddos",
          "downloader",
          "dropper",
          "exploit-kit",
          "keylogger",
          "ransomware",
          "remote-access-trojan",
          "resource-exploitation",
          "rogue-security-software",
          "rootkit",
          "screen-capture",
          "spyware",
          "trojan",
          "unknown",
          "virus",
          "webshell",
          "wiper",
          "worm");

  static final Vocabulary TOOL_TYPE =
      open(
          "tool-type-ov",
          "denial-of-service",
          "exploitation",
          "information-gathering",
          "network-capture",
          "credential-exploitation",
          "remote-access",
          "vulnerability-scanning",
          "unknown");

  static final Vocabulary REPORT_TYPE =
      open(
          "report-type-ov",
          "attack-pattern",
          "campaign",
          "identity",
          "indicator",
          "intrusion-set",
          "malware",
          "observed-data",
          "threat-actor",
          "threat-report",
          "tool",
          "vulnerability");

  static final Vocabulary THREAT_ACTOR_TYPE =
      open(
          "threat-actor-type-ov",
          "activist",
          "competitor",
          "crime-syndicate",
          "criminal",
          "hacker",
          "insider-accidental",
          "insider-disgruntled",
          "nation-state",
          "sensationalist",
          "spy",
          "terrorist",
          "unknown");

  static final Vocabulary INFRASTRUCTURE_TYPE =
      open(
          "infrastructure-type-ov",
          "amplification",
          "anonymization",
          "botnet",
          "command-and-control",
          "control-system",
          "exfiltration",
          "firewall",
          "hosting-malware",
          "hosting-target-lists",
          "phishing",
          "reconnaissance",
          "routers-switches",
          "staging",
          "workstation",
          "unknown");

  /** identity-class-ov; "unknown" is the STIX 2.0 spelling, still common in shared data. */
  static final Vocabulary IDENTITY_CLASS =
      open(
          "identity-class-ov",
          "individual",
          "group",
          "system",
          "organization",
          "class",
          "unspecified",
          "unknown");

  static final Vocabulary GROUPING_CONTEXT =
      open("grouping-context-ov", "suspicious-activity", "malware-analysis", "unspecified");

  static final Vocabulary PATTERN_TYPE =
      open("pattern-type-ov", "stix", "pcre", "sigma", "snort", "suricata", "yara");

  static final Vocabulary MALWARE_RESULT =
      open("malware-result-ov", "malicious", "suspicious", "benign", "unknown");

  static final Vocabulary MARKING_DEFINITION_TYPE =
      open("marking definition type", "statement", "tlp");

  static final Vocabulary OPINION =
      closed("opinion-enum", "strongly-disagree", "disagree", "neutral", "agree", "strongly-agree");

  static final Vocabulary EXTENSION_TYPE =
      closed(
          "extension-type-enum",
          "new-sdo",
          "new-sco",
          "new-sro",
          "property-extension",
          "toplevel-property-extension");

  /** The relationship types the specification defines (§4 per SDO, §5.1 common ones). */
  static final Vocabulary RELATIONSHIP_TYPE =
      open(
          "relationship types of STIX 2.1",
          "derived-from",
          "duplicate-of",
          "related-to",
          "delivers",
          "targets",
          "uses",
          "attributed-to",
          "compromises",
          "originates-from",
          "investigates",
          "mitigates",
          "remediates",
          "located-at",
          "indicates",
          "based-on",
          "communicates-with",
          "consists-of",
          "controls",
          "has",
          "hosts",
          "owns",
          "authored-by",
          "beacons-to",
          "exfiltrate-to",
          "downloads",
          "drops",
          "exploits",
          "variant-of",
          "characterizes",
          "analysis-of",
          "static-analysis-of",
          "dynamic-analysis-of",
          "impersonates");

  /**
   * hash-algorithm-ov with the hex length of each digest; SSDEEP has no fixed length and TLSH is 70
   * hex digits, or 72 with its "T1" version prefix.
   */
  static final Map<String, Integer> HASH_HEX_LENGTH =
      Map.of(
          "MD5", 32,
          "SHA-1", 40,
          "SHA-256", 64,
          "SHA-512", 128,
          "SHA3-256", 64,
          "SHA3-512", 128,
          "SSDEEP", -1,
          "TLSH", 70);

  /** The extension names STIX 2.1 predefines for SCOs (§6), by SCO type. */
  static final Map<String, Set<String>> PREDEFINED_EXTENSIONS =
      Map.of(
          "file",
          Set.of("archive-ext", "ntfs-ext", "pdf-ext", "raster-image-ext", "windows-pebinary-ext"),
          "network-traffic",
          Set.of("http-request-ext", "icmp-ext", "socket-ext", "tcp-ext"),
          "process",
          Set.of("windows-process-ext", "windows-service-ext"),
          "user-account",
          Set.of("unix-account-ext"));

  boolean contains(String value) {
    return values.contains(value);
  }

  private static Vocabulary open(String name, String... values) {
    return new Vocabulary(name, false, Set.of(values));
  }

  private static Vocabulary closed(String name, String... values) {
    return new Vocabulary(name, true, Set.of(values));
  }
}
