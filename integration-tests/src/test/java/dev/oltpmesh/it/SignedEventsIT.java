package dev.oltpmesh.it;

import dev.oltpmesh.cluster.MeshCluster;
import dev.oltpmesh.model.event.PartPrepared;
import dev.oltpmesh.model.event.PartRouted;
import dev.oltpmesh.model.event.PartSummary;
import dev.oltpmesh.model.event.TableRows;
import dev.oltpmesh.model.event.TransactionRouted;
import dev.oltpmesh.model.json.MeshJson;
import dev.oltpmesh.model.security.ServiceRole;
import dev.oltpmesh.support.identity.Ed25519;
import dev.oltpmesh.support.identity.EventSignatures;
import dev.oltpmesh.support.identity.ServiceIdentity;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events that did not come from the service allowed to produce them — unsigned, signed by a key the
 * mesh does not know, signed by the wrong service, or altered after signing (with a recomputed
 * checksum) — are refused and dead-lettered, and nothing they carry is stored or decided.
 */
class SignedEventsIT {

    private static final String INBOX = "mesh.peer.peer-1";
    private static MeshCluster cluster;
    private static MeshClient mesh;

    @BeforeAll
    static void defineTable() throws Exception {
        cluster = SharedCluster.get();
        mesh = new MeshClient(cluster);
        assertThat(mesh.put("/v1/admin/tables/signed_check", """
                {"columns":[{"name":"k","type":"text","nullable":false},{"name":"amount","type":"numeric"}],
                 "primaryKey":["k"],"placement":{"strategy":"HASH","column":"k","shards":6}}""").status()).isIn(200, 201);
    }

    private static PartRouted part(String txId, String k, String amount) {
        return PartRouted.sealed(txId, "peer-1", 1, Instant.now(), List.of(new TableRows("signed_check", 1,
                List.of(Map.of("k", k, "amount", amount)))));
    }

    /** A forgery: how the record's value and headers are made from a valid, sealed part, and why it is refused. */
    private record Forgery(String name, String reason, Function<PartRouted, ProducerRecord<String, byte[]>> make) {
    }

    @Test
    void shouldRefuseEveryPartTheRouterDidNotSignAndStoreNothing() throws Exception {
        var strangerKey = Ed25519.generate();
        ServiceIdentity gatewayKey = Signers.identity(cluster, "gateway", ServiceRole.GATEWAY);
        ServiceIdentity routerKey = Signers.identity(cluster, "router", ServiceRole.ROUTER);
        ServiceIdentity stranger = new ServiceIdentity("router", ServiceRole.ROUTER,
                Ed25519.keyId(strangerKey.getPublic()), strangerKey.getPrivate());
        List<Forgery> forgeries = List.of(
                new Forgery("unsigned", "not signed", p -> new ProducerRecord<>(INBOX, p.txId(), MeshJson.toBytes(p))),
                new Forgery("signed by a key the mesh does not know", "no service of the mesh has", p -> signed(stranger, p)),
                new Forgery("signed by the gateway", "only the router may", p -> signed(gatewayKey, p)),
                new Forgery("a router signature with another key id", "does not match", p -> {
                    var record = signed(routerKey, p);
                    record.headers().remove(EventSignatures.KEY_ID);
                    record.headers().add(EventSignatures.KEY_ID, gatewayKey.keyId().getBytes(StandardCharsets.UTF_8));
                    return record;
                }),
                new Forgery("signed by the router, then altered with a recomputed checksum", "does not match", p -> {
                    var original = signed(routerKey, p);
                    byte[] altered = MeshJson.toBytes(part(p.txId(), "forged-" + p.txId(), "1000000"));
                    return new ProducerRecord<>(INBOX, null, p.txId(), altered, original.headers());
                }),
                new Forgery("signed by the router for another topic", "does not match", p -> {
                    var elsewhere = new RecordHeaders();
                    EventSignatures.sign(routerKey, "mesh.peer.peer-2", elsewhere, MeshJson.toBytes(p));
                    return new ProducerRecord<>(INBOX, null, p.txId(), MeshJson.toBytes(p), elsewhere);
                }));
        List<String> txIds = new ArrayList<>();
        try (var producer = new KafkaProducer<String, byte[]>(KafkaClients.operator(cluster), new StringSerializer(), new ByteArraySerializer())) {
            for (Forgery forgery : forgeries) {
                String txId = UUID.randomUUID().toString();
                txIds.add(txId);
                producer.send(forgery.make().apply(part(txId, "forged-" + txId, "1.00"))).get();
            }
        }
        // A part the router did sign goes through after them: the inbox was not stalled.
        String genuine = UUID.randomUUID().toString();
        try (var producer = Signers.router(cluster)) {
            producer.send(new ProducerRecord<>(INBOX, genuine, part(genuine, "genuine-" + genuine, "1.00"))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-1",
                "select count(*) from signed_check where k = 'genuine-" + genuine + "'") == 1);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from signed_check where k like 'forged-%'")).isZero();
        for (String txId : txIds) {
            assertThat(mesh.countOnPeer("peer-1", "select count(*) from mesh_applied_parts where tx_id = '" + txId + "'"))
                    .isZero();
        }
        Map<String, List<String>> letters = DeadLetters.mentioning(cluster, txIds);
        for (int i = 0; i < forgeries.size(); i++) {
            assertThat(letters.get(txIds.get(i))).as(forgeries.get(i).name())
                    .singleElement().asString().contains(forgeries.get(i).reason());
        }
    }

    @Test
    void shouldNotBelieveAnAcknowledgementSignedByAnotherPeer() throws Exception {
        String txId = UUID.randomUUID().toString();
        List<String> peers = List.of("peer-1", "peer-2");
        PartRouted part = PartRouted.sealed(txId, "peer-1", 1, Instant.now(), List.of(new TableRows("signed_check", 1,
                List.of(Map.of("k", "two-phase-" + txId, "amount", "5")))), peers);
        try (var router = Signers.router(cluster)) {
            router.send(new ProducerRecord<>("mesh.tx.events", txId, new TransactionRouted(txId, Instant.now(), null,
                    "h", 2, 1, List.of(PartSummary.routed("peer-1", 1), PartSummary.routed("peer-2", 1)), "admin"))).get();
            router.send(new ProducerRecord<>(INBOX, txId, part)).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-1",
                "select count(*) from pg_prepared_xacts where gid = 'mesh:" + txId + "'") == 1);
        // Peer-2 never saw its part; peer-1 says, in peer-2's name, that it prepared it.
        try (var peer1 = Signers.producerAs(cluster, "peer-1", ServiceRole.PEER)) {
            peer1.send(new ProducerRecord<>("mesh.tx.events", txId, new PartPrepared(txId, "peer-2", 1,
                    Instant.now()))).get();
        }
        // Believed, the router would commit; refused, the missing vote ends in the presumed abort.
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            var status = mesh.get("/v1/tx/" + txId);
            return status.status() == 200 && "FAILED".equals(status.body().get("status").asString());
        });
        assertThat(mesh.get("/v1/tx/" + txId).body().get("decision").asString()).isEqualTo("ABORT");
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-1",
                "select count(*) from pg_prepared_xacts where gid = 'mesh:" + txId + "'") == 0);
        assertThat(mesh.countOnPeer("peer-1", "select count(*) from signed_check where k = 'two-phase-" + txId + "'"))
                .isZero();
        assertThat(DeadLetters.mentioning(cluster, List.of(txId)).get(txId))
                .anySatisfy(letter -> assertThat(letter).contains("only peer peer-2 may"));
    }

    @Test
    void shouldTrustAServiceKeyRegisteredThroughTheAdminApiUntilItIsRevoked() throws Exception {
        var pair = Ed25519.generate();
        ServiceIdentity rotated = new ServiceIdentity("router", ServiceRole.ROUTER, Ed25519.keyId(pair.getPublic()),
                pair.getPrivate());
        String pem = Ed25519.publicPem(pair.getPublic()).replace("\n", "\\n");
        var registered = mesh.post("/v1/admin/service-keys",
                "{\"service\":\"router\",\"role\":\"router\",\"publicKey\":\"" + pem + "\"}");
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
        assertThat(registered.body().get("keyId").asString()).isEqualTo(rotated.keyId());
        assertThat(mesh.post("/v1/admin/service-keys", "{\"service\":\"peer-9\",\"role\":\"PEER\",\"publicKey\":\""
                + pem + "\"}").status()).as("one key, one service").isEqualTo(409);
        assertThat(mesh.post("/v1/admin/service-keys", "{\"service\":\"router\",\"role\":\"ROUTER\","
                + "\"publicKey\":\"not a key\"}").status()).isEqualTo(400);

        String trusted = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<String, byte[]>(KafkaClients.operator(cluster), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(signed(rotated, part(trusted, "rotated-" + trusted, "1.00"))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mesh.countOnPeer("peer-1",
                "select count(*) from signed_check where k = 'rotated-" + trusted + "'") == 1);

        assertThat(mesh.send(mesh.request("/v1/admin/service-keys/" + rotated.keyId()).DELETE()).status())
                .isEqualTo(204);
        // Once the revocation has reached the peer, a part signed with the key is refused and not stored.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String txId = UUID.randomUUID().toString();
            try (var producer = new KafkaProducer<String, byte[]>(KafkaClients.operator(cluster),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(signed(rotated, part(txId, "revoked-" + txId, "1.00"))).get();
            }
            try {
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> mesh.countOnPeer(
                        "peer-1", "select count(*) from signed_check where k = 'revoked-" + txId + "'") == 0);
                return true;
            } catch (org.awaitility.core.ConditionTimeoutException applied) {
                return false;
            }
        });
        assertThat(mesh.get("/v1/admin/service-keys").body()).anySatisfy(key -> {
            assertThat(key.get("keyId").asString()).isEqualTo(rotated.keyId());
            assertThat(key.get("revokedAt").isNull()).isFalse();
        });
    }

    private static ProducerRecord<String, byte[]> signed(ServiceIdentity signer, PartRouted part) {
        byte[] value = MeshJson.toBytes(part);
        RecordHeaders headers = new RecordHeaders();
        EventSignatures.sign(signer, INBOX, headers, value);
        return new ProducerRecord<>(INBOX, null, part.txId(), value, headers);
    }
}
