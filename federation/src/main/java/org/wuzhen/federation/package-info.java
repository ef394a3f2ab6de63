/**
 * Federation between sovereign nodes: an {@link org.wuzhen.federation.ExportPolicy} decides what
 * may leave a node and is enforced where peers read ({@link org.wuzhen.federation.PeerReadFilter});
 * {@link org.wuzhen.federation.Federation} pulls from peers over TAXII 2.1 with durable cursors and
 * records provenance beside each object, and checks each peer's transparency log on every poll,
 * comparing the heads peers witnessed of one another, so a node showing different histories to
 * different peers is flagged ({@link org.wuzhen.federation.PeerLog}).
 */
package org.wuzhen.federation;
