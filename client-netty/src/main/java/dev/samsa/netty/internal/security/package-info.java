/**
 * TLS contexts and SASL mechanism clients of the Netty transport: key and trust stores (JKS, PKCS12, PEM), PLAIN,
 * SCRAM (RFC 5802/7677), OAUTHBEARER (RFC 7628), and the JAAS configuration parser. Internal: may change without
 * notice in any release.
 */
package dev.samsa.netty.internal.security;
