/**
 * Time and timers as seen by Samsa's client engines: {@link dev.samsa.time.Time#SYSTEM} in production,
 * {@link dev.samsa.time.ManualTime} for tests on virtual time.
 */
package dev.samsa.time;
