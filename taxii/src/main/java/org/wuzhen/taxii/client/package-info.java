/**
 * The one HTTP client of a TAXII 2.1 server and of a Wuzhen node's {@code /wuzhen/} routes: {@link
 * org.wuzhen.taxii.client.TaxiiClient}, its {@link org.wuzhen.taxii.client.Credentials} and its one
 * exception, {@link org.wuzhen.taxii.client.TaxiiClientException}.
 */
package org.wuzhen.taxii.client;
