/** STIX 2.1 patterning (§9): parser, typed AST, checker, printer and reference evaluator. */
package org.wuzhen.pattern;
