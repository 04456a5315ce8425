package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.support.kafka.TopicFollower;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The broker as an intruder meets it: no credentials or a wrong password gets nothing, and each
 * service's own credentials open only its own topics — a peer cannot read another peer's inbox nor
 * write parts, a gateway cannot write the configuration.
 */
class KafkaAccessIT {

    private static MeshCluster cluster;

    @BeforeAll
    static void cluster() throws Exception {
        Assumptions.assumeFalse(SharedCluster.onContainers(), "the Testcontainers variant runs the apache/kafka "
                + "image with PLAINTEXT listeners; Kafka users and ACLs are those of the embedded broker");
        cluster = SharedCluster.get();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> settings) {
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> settings) {
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void shouldRefuseAClientWithoutCredentialsOrWithAWrongPassword() {
        try (var anonymous = producer(new java.util.HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers())))) {
            assertThatThrownBy(() -> anonymous.send(new ProducerRecord<>("mesh.tx.submitted", "k", "{}")).get())
                    .isInstanceOf(Exception.class);
        }
        Map<String, Object> wrong = KafkaClients.as(cluster, "peer-1");
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"peer-1\" password=\"not-the-password\";");
        try (var impostor = producer(wrong)) {
            assertThatThrownBy(() -> impostor.send(new ProducerRecord<>("mesh.tx.events", "k", "{}")).get())
                    .hasCauseInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void shouldOpenToEachServiceOnlyItsOwnTopics() throws Exception {
        try (var peer2 = consumer(KafkaClients.as(cluster, "peer-2"))) {
            TopicPartition otherInbox = new TopicPartition("mesh.peer.peer-1", 0);
            assertThatThrownBy(() -> peer2.endOffsets(List.of(otherInbox)))
                    .isInstanceOf(TopicAuthorizationException.class);
            // Its own inbox it may read.
            TopicPartition ownInbox = new TopicPartition("mesh.peer.peer-2", 0);
            assertThat(peer2.endOffsets(List.of(ownInbox))).containsKey(ownInbox);
        }
        for (var forbidden : List.of(
                Map.entry("peer-1", "mesh.peer.peer-2"),            // a part forged by a peer
                Map.entry("peer-1", "mesh.peer.peer-2.decisions"),  // a decision forged by a peer
                Map.entry("peer-1", "mesh.tx.submitted"),
                Map.entry("gateway", "mesh.config"),
                Map.entry("gateway", "mesh.peer.peer-1"),
                Map.entry("router", "mesh.config"),
                Map.entry("router", "mesh.tx.submitted"))) {
            try (var producer = producer(KafkaClients.as(cluster, forbidden.getKey()))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(forbidden.getValue(), "k", "{}")).get())
                        .as(forbidden.getKey() + " writing " + forbidden.getValue())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        try (var gateway = consumer(KafkaClients.as(cluster, "gateway"))) {
            // Writing a topic lets a gateway see its offsets, not read its records.
            TopicPartition submitted = new TopicPartition("mesh.tx.submitted", 0);
            gateway.assign(List.of(submitted));
            gateway.seekToBeginning(List.of(submitted));
            assertThatThrownBy(() -> gateway.poll(java.time.Duration.ofSeconds(5)))
                    .as("a gateway reading others' submissions")
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void shouldFollowATopicOnceTheBrokerLetsItsUserReadIt() throws Exception {
        // As when Kafka's start script is still making users and ACLs: refused first, then allowed.
        String topic = "mesh.router.state";
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(cluster.bootstrapServers()));
        KafkaClients.as(cluster, "gateway").forEach((key, value) -> {
            if (!key.equals("bootstrap.servers")) {
                kafka.getProperties().put(key, String.valueOf(value));
            }
        });
        TopicFollower<String> follower = new TopicFollower<>(kafka, topic, "mesh.dlq", new StringDeserializer(),
                (records, caughtUp) -> { });
        AclBinding read = new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:gateway", "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(KafkaClients.operator(cluster))) {
            follower.start();
            try {
                assertThat(follower.awaitCaughtUp(Duration.ofSeconds(3))).as("refused while not allowed").isFalse();
                admin.createAcls(List.of(read)).all().get(10, TimeUnit.SECONDS);
                assertThat(follower.awaitCaughtUp(Duration.ofSeconds(30))).as("following once allowed").isTrue();
            } finally {
                follower.stop();
                admin.deleteAcls(List.of(read.toFilter())).all().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
