package dev.samsa.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills the brokers of every cluster that is still open when the test JVM shuts down (a test run that dies or
 * forgets {@link KafkaCluster#close()}). A JVM killed outright runs no hook; there
 * {@link dev.samsa.testkit.internal.BrokerMain} makes the orphaned brokers halt themselves.
 */
final class Reaper {

    private static final Set<KafkaCluster> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private Reaper() {
    }

    static void register(KafkaCluster cluster) {
        installHook();
        OPEN.add(cluster);
    }

    static void unregister(KafkaCluster cluster) {
        OPEN.remove(cluster);
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (Reaper.class) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(Reaper::reapAll, "samsa-testkit-reaper"));
                hookInstalled = true;
            }
        }
    }

    private static void reapAll() {
        for (KafkaCluster cluster : OPEN) {
            cluster.destroyNow();
        }
    }
}
