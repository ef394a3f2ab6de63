package org.wuzhen.governance;

/**
 * Governance input that breaks a rule: a patch naming an unknown rule, a vote that cannot be
 * counted, a malformed governance object. The message names the field and what was wrong.
 */
public final class GovernanceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GovernanceException(String message) {
    super(message);
  }
}
