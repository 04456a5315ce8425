package dev.oltpmesh.cluster;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * One real Kafka node, broker and KRaft controller, started from Apache Kafka's own classes with
 * its log in a folder that survives restarts.
 */
final class EmbeddedKafka implements AutoCloseable {

    private static final String CLUSTER_ID = "b2x0cC1tZXNoLWxvY2Fs";

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Clients connect on {@code port} with SCRAM; broker and controller talk to each other on their
     * own listeners; who may do what is {@code access}'s, applied once the node is up.
     */
    static EmbeddedKafka start(Path logDir, int port, int brokerPort, int controllerPort, KafkaAccess access,
                               List<String> peers) throws Exception {
        Files.createDirectories(logDir);
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "CLIENT://localhost:" + port + ",BROKER://localhost:" + brokerPort
                + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "CLIENT://localhost:" + port + ",BROKER://localhost:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map",
                "CLIENT:SASL_PLAINTEXT,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        props.put("inter.broker.listener.name", "BROKER");
        props.putAll(access.brokerSettings());
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // After a crash the controller still holds the dead broker's registration until its session
        // ends: short sessions let the restarted broker in sooner.
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "1000");
        props.put("message.max.bytes", "16777216");
        props.put("log.cleaner.backoff.ms", "1000");
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(server, port);
        try {
            access.apply("localhost:" + brokerPort, peers);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    private static void format(Path logDir) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(output))
                .setNodeId(1)
                .setClusterId(CLUSTER_ID)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setControllerListenerName("CONTROLLER")
                .setIgnoreFormatted(true)
                .run();
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
