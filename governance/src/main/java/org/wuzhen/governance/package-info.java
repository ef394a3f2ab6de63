/**
 * A community's governance: the versioned charter and its schema, proposals and one-member-one-vote
 * tallies, consensus and disputes from notes and opinions, indicator decay, and the {@link
 * org.wuzhen.governance.Governance} service that enforces them on a node. See docs/governance.md.
 */
package org.wuzhen.governance;
