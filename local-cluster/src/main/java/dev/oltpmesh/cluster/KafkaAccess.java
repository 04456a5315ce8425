package dev.oltpmesh.cluster;

import dev.oltpmesh.support.identity.KeyFiles;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Who may use the embedded broker, and for what. Every service has its own SCRAM user (password
 * made on the first start, kept owner-only in {@code kafka-users.properties}); the broker itself and
 * the operator (tools, tests) are super users. Each service may read and write only its own topics:
 * a peer reads only its own inbox and decisions, only the router writes parts and decisions, only
 * gateways write submissions; everything else is denied.
 */
final class KafkaAccess {

    static final String BROKER = "broker";
    static final String OPERATOR = "operator";
    private static final String SCRAM = "SCRAM-SHA-512";

    private final Properties passwords = new Properties();
    private final Path file;

    private KafkaAccess(Path file) {
        this.file = file;
    }

    /** The users of a mesh of these services, with their passwords (made once, then read back). */
    static KafkaAccess of(Path dir, List<String> services) throws IOException {
        KafkaAccess access = new KafkaAccess(dir.resolve("kafka-users.properties"));
        if (Files.exists(access.file)) {
            try (Reader reader = Files.newBufferedReader(access.file)) {
                access.passwords.load(reader);
            }
        }
        List<String> users = new ArrayList<>(List.of(BROKER, OPERATOR));
        users.addAll(services);
        boolean added = false;
        for (String user : users) {
            if (access.passwords.getProperty(user) == null) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                access.passwords.setProperty(user, HexFormat.of().formatHex(secret));
                added = true;
            }
        }
        if (added) {
            StringWriter text = new StringWriter();
            access.passwords.store(text, "Kafka users of this local OLTP Mesh");
            KeyFiles.writeOwnerOnly(access.file, text.toString());
        }
        return access;
    }

    String password(String user) {
        return passwords.getProperty(user);
    }

    /** The broker's own settings: SCRAM for clients, PLAIN between broker and controller, ACLs. */
    Map<String, String> brokerSettings() {
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BROKER
                + "\" password=\"" + password(BROKER) + "\" user_" + BROKER + "=\"" + password(BROKER) + "\";";
        Map<String, String> settings = new HashMap<>();
        settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        settings.put("sasl.mechanism.controller.protocol", "PLAIN");
        settings.put("listener.name.broker.sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.client.sasl.enabled.mechanisms", SCRAM);
        settings.put("listener.name.broker.plain.sasl.jaas.config", plain);
        settings.put("listener.name.controller.plain.sasl.jaas.config", plain);
        settings.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("super.users", "User:" + BROKER + ";User:" + OPERATOR);
        settings.put("allow.everyone.if.no.acl.found", "false");
        return settings;
    }

    /** What a client of the given user sets to connect (besides the bootstrap servers). */
    Map<String, String> clientSettings(String user) {
        String password = password(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user '" + user + "' in this mesh");
        }
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, SCRAM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + user + "\" password=\"" + password + "\";");
    }

    /** Creates (or updates) every user's SCRAM credential and every service's ACLs, as the broker. */
    void apply(String brokerListener, List<String> peers) throws Exception {
        Map<String, Object> admin = new HashMap<>();
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokerListener);
        admin.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        admin.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        admin.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"" + BROKER + "\" password=\"" + password(BROKER) + "\";");
        try (Admin client = Admin.create(admin)) {
            List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
            for (String user : passwords.stringPropertyNames()) {
                if (!user.equals(BROKER)) {
                    credentials.add(new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password(user)));
                }
            }
            client.alterUserScramCredentials(new ArrayList<>(credentials)).all().get(60, TimeUnit.SECONDS);
            client.createAcls(acls(peers)).all().get(60, TimeUnit.SECONDS);
        }
    }

    static List<AclBinding> acls(List<String> peers) {
        List<AclBinding> acls = new ArrayList<>();
        // The config service owns the topics: it creates them (peers' inboxes when they register) and
        // keeps their settings; it publishes the configuration and records statuses from the events.
        allow(acls, "config", ResourceType.TOPIC, "mesh.", PatternType.PREFIXED, AclOperation.ALL);
        allow(acls, "config", ResourceType.GROUP, "mesh-config-", PatternType.PREFIXED, AclOperation.READ);
        // Gateways submit, follow outcomes and the configuration.
        allow(acls, "gateway", ResourceType.TOPIC, "mesh.tx.submitted", PatternType.LITERAL, AclOperation.WRITE);
        read(acls, "gateway", "mesh.tx.events", "mesh.config");
        allow(acls, "gateway", ResourceType.TOPIC, "mesh.dlq", PatternType.LITERAL, AclOperation.WRITE);
        // The router reads submissions, writes parts, decisions and outcomes in its own transactions.
        read(acls, "router", "mesh.tx.submitted", "mesh.tx.events", "mesh.config", "mesh.router.state");
        allow(acls, "router", ResourceType.TOPIC, "mesh.peer.", PatternType.PREFIXED, AclOperation.WRITE);
        for (String topic : List.of("mesh.tx.events", "mesh.router.state", "mesh.dlq")) {
            allow(acls, "router", ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
        }
        // The submissions listener's group is its listener id (spring-kafka's default), kept so that a
        // router finds its committed offsets where earlier versions left them.
        allow(acls, "router", ResourceType.GROUP, "tx-submitted", PatternType.LITERAL, AclOperation.READ);
        for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            allow(acls, "router", ResourceType.TRANSACTIONAL_ID, "mesh-router-", PatternType.PREFIXED, operation);
        }
        // A peer reads its own inbox and decisions only, and acknowledges on the events topic.
        for (String peer : peers) {
            read(acls, peer, "mesh.peer." + peer, "mesh.peer." + peer + ".decisions", "mesh.config");
            for (String topic : List.of("mesh.tx.events", "mesh.dlq")) {
                allow(acls, peer, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
            }
            for (String group : List.of("mesh-peer-" + peer, "mesh-peer-" + peer + "-decisions")) {
                allow(acls, peer, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ);
            }
        }
        return acls;
    }

    private static void read(List<AclBinding> acls, String user, String... topics) {
        for (String topic : topics) {
            allow(acls, user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
        }
    }

    private static void allow(List<AclBinding> acls, String user, ResourceType type, String name, PatternType pattern,
                              AclOperation operation) {
        acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
    }
}
