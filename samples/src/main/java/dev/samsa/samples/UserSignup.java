package dev.samsa.samples;

import java.util.Objects;

/**
 * A fake user sign-up event, the value the sample programs produce (as JSON, keyed by {@link #userId()}).
 *
 * @param userId the user's id, unique per event; the record key
 * @param name the user's full name
 * @param email the user's e-mail address
 * @param country the country the user signed up from
 * @param signupTime when the user signed up, ISO-8601 in UTC (e.g. {@code 2026-11-22T01:02:03Z})
 */
public record UserSignup(String userId, String name, String email, String country, String signupTime) {
    /** Checks that every field is present. */
    public UserSignup {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(signupTime, "signupTime");
    }
}
