/** The TAXII 2.1 HTTP API of a Wuzhen node. */
package org.wuzhen.taxii;
