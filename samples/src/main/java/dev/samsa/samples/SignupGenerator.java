package dev.samsa.samples;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Makes fake {@link UserSignup} events with Datafaker. The user ids are unique within a generator (a random run
 * prefix plus a sequence number), so a consumer can tell a duplicate from a new event by its key.
 *
 * <p>Datafaker resolves each value through its YAML dictionaries (about 0.1 ms per person), so the generator draws a
 * pool of {@value #POOL_SIZE} people and {@value #POOL_SIZE} countries once and combines them at random: producing
 * stays limited by the client, not by the fake data.
 *
 * <p>Not thread-safe: one generator per producing thread.
 */
public final class SignupGenerator {
    /** How many distinct names (with their e-mails) and countries a generator draws from Datafaker. */
    public static final int POOL_SIZE = 512;

    private final Random random;
    private final String runId;
    private final String[] names = new String[POOL_SIZE];
    private final String[] emails = new String[POOL_SIZE];
    private final String[] countries = new String[POOL_SIZE];
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private long sequence;

    /** A generator seeded from the clock. */
    public SignupGenerator() {
        this(System.nanoTime());
    }

    /**
     * A generator whose events repeat for the same seed (the sign-up times are relative to its creation).
     *
     * @param seed the seed of the fake data and of the user ids' run prefix
     */
    public SignupGenerator(long seed) {
        this.random = new Random(seed);
        Faker faker = new Faker(random);
        for (int i = 0; i < POOL_SIZE; i++) {
            names[i] = faker.name().fullName();
            emails[i] = faker.internet().emailAddress(names[i].toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "."));
            countries[i] = faker.address().country();
        }
        this.runId = Long.toString(random.nextLong() & 0xFFFF_FFFFL, 36);
    }

    /** The next event: a new user id ({@code user-<run>-<n>}), a name, an e-mail, a country and a time in the last day. */
    public UserSignup next() {
        int person = random.nextInt(POOL_SIZE);
        return new UserSignup("user-" + runId + "-" + (++sequence), names[person], emails[person],
                countries[random.nextInt(POOL_SIZE)], now.minusSeconds(random.nextInt(86_400)).toString());
    }
}
