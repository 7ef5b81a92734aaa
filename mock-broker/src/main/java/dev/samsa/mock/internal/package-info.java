/**
 * The mock broker's machinery: cluster state behind one lock, one handler per API key, the in-process transport and
 * the TCP listener. Internal: may change without notice in any release; use {@link dev.samsa.mock.MockCluster}.
 */
package dev.samsa.mock.internal;
