package dev.oltpmesh.cluster;

import dev.oltpmesh.support.identity.KeyFiles;
import dev.oltpmesh.support.kafka.KafkaUser;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Who may use the embedded broker, and for what. Every service has its own SCRAM user (password
 * made on the first start, one owner-only file per user in {@code kafka-users/}, the layout compose
 * and Kubernetes use too); the broker itself and the operator (tools, tests) are super users. What
 * each service may do is the rule file {@code deploy/kafka/acls.txt}, shared with the compose and
 * Kubernetes broker: a peer reads only its own inbox and decisions, only the router writes parts and
 * decisions, only gateways write submissions; everything else is denied.
 */
final class KafkaAccess {

    static final String BROKER = "broker";
    static final String OPERATOR = "operator";
    static final String RULES = "mesh/kafka/acls.txt";
    private static final String SCRAM = "SCRAM-SHA-512";

    private final Map<String, String> passwords = new TreeMap<>();
    private final Path dir;

    private KafkaAccess(Path dir) {
        this.dir = dir;
    }

    /** The users of a mesh of these services, with their passwords (made once, then read back). */
    static KafkaAccess of(Path dataDir, List<String> services) throws IOException {
        KafkaAccess access = new KafkaAccess(dataDir.resolve("kafka-users"));
        // Earlier versions kept every password in one file; the credentials are applied at every start.
        Files.deleteIfExists(dataDir.resolve("kafka-users.properties"));
        List<String> users = new ArrayList<>(List.of(BROKER, OPERATOR));
        users.addAll(services);
        ensurePasswords(access.dir, users);
        for (String user : users) {
            access.passwords.put(user, Files.readString(access.dir.resolve(user)).strip());
        }
        return access;
    }

    /** A random password, owner-only, for each user that has no file in the folder yet. */
    static void ensurePasswords(Path dir, List<String> users) throws IOException {
        Files.createDirectories(dir);
        for (String user : users) {
            Path file = dir.resolve(user);
            if (!Files.exists(file)) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                KeyFiles.writeOwnerOnly(file, HexFormat.of().formatHex(secret));
            }
        }
    }

    String password(String user) {
        return passwords.get(user);
    }

    private String known(String user) {
        String password = password(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user '" + user + "' in this mesh");
        }
        return password;
    }

    /** The file a service reads its password from ({@code mesh.kafka.password-file}). */
    Path passwordFile(String user) {
        known(user);
        return dir.resolve(user);
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
        return KafkaUser.clientSettings(user, known(user));
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
            for (String user : passwords.keySet()) {
                if (!user.equals(BROKER)) {
                    credentials.add(new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password(user)));
                }
            }
            client.alterUserScramCredentials(new ArrayList<>(credentials)).all().get(60, TimeUnit.SECONDS);
            client.createAcls(acls(peers)).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** The rules of {@code deploy/kafka/acls.txt}, with {@code {peer}} made one rule per peer. */
    static List<AclBinding> acls(List<String> peers) throws IOException {
        List<AclBinding> acls = new ArrayList<>();
        for (String line : rules()) {
            String[] rule = line.split("\\s+");
            if (rule.length != 5) {
                throw new IllegalStateException("a rule in " + RULES + " has five columns: " + line);
            }
            boolean perPeer = line.contains("{peer}");
            for (String peer : perPeer ? peers : List.of("")) {
                acls.add(new AclBinding(
                        new ResourcePattern(named(ResourceType.class, rule[1]),
                                rule[3].replace("{peer}", peer), named(PatternType.class, rule[2])),
                        new AccessControlEntry("User:" + rule[0].replace("{peer}", peer), "*",
                                named(AclOperation.class, rule[4]), AclPermissionType.ALLOW)));
            }
        }
        return acls;
    }

    /** The constant a column names ("transactional-id", "prefixed", "Read"); a typo fails, never UNKNOWN. */
    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        return Enum.valueOf(type, name.replace('-', '_').toUpperCase(Locale.ROOT));
    }

    private static List<String> rules() throws IOException {
        try (InputStream in = KafkaAccess.class.getResourceAsStream("/" + RULES)) {
            if (in == null) {
                throw new IllegalStateException(RULES + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        }
    }
}
