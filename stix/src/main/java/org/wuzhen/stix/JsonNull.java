package org.wuzhen.stix;

/** The JSON null. STIX forbids null property values; the validator reports them. */
public enum JsonNull implements JsonValue {
  INSTANCE;

  @Override
  public String kind() {
    return "null";
  }
}
