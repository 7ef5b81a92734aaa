package dev.samsa.samples;

/** The main job. Until the samples issue lands it lists the Kafka APIs Samsa's protocol layer knows. */
public final class Quickstart {
    public static void main(String[] args) {
        System.out.println("Samsa protocol layer: " + dev.samsa.internal.protocol.ApiKey.values().length + " Kafka APIs");
    }
}
