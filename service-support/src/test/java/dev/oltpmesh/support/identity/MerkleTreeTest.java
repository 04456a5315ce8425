package dev.oltpmesh.support.identity;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleTreeTest {

    private static List<byte[]> leaves(int count) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(MerkleTree.leaf("mesh.tx.events", ("event " + i).getBytes()));
        }
        return leaves;
    }

    @Test
    void shouldLeadEveryLeafToTheRootWhateverTheNumberOfLeaves() {
        for (int count = 2; count <= 70; count++) {
            List<byte[]> leaves = leaves(count);
            MerkleTree.Tree tree = MerkleTree.of(leaves);
            for (int i = 0; i < count; i++) {
                assertThat(MerkleTree.root(leaves.get(i), tree.proofs().get(i))).as("leaf %d of %d", i, count)
                        .isEqualTo(tree.root());
            }
        }
    }

    @Test
    void shouldLeadAnotherLeafOrAnotherPlaceElsewhere() {
        List<byte[]> leaves = leaves(9);
        MerkleTree.Tree tree = MerkleTree.of(leaves);
        assertThat(MerkleTree.root(leaves.get(3), tree.proofs().get(4))).isNotEqualTo(tree.root());
        assertThat(MerkleTree.root(MerkleTree.leaf("mesh.tx.events", "other".getBytes()), tree.proofs().get(4)))
                .isNotEqualTo(tree.root());
        byte[] movedIndex = tree.proofs().get(2).clone();
        ByteBuffer.wrap(movedIndex).putInt(0, 3);
        assertThat(MerkleTree.root(leaves.get(2), movedIndex)).isNotEqualTo(tree.root());
    }

    @Test
    void shouldRefuseProofsThatAreNotOnes() {
        List<byte[]> leaves = leaves(5);
        byte[] proof = MerkleTree.of(leaves).proofs().get(1);
        byte[] leaf = leaves.get(1);
        assertThatThrownBy(() -> MerkleTree.root(leaf, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.root(leaf, new byte[7])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.root(leaf, Arrays.copyOf(proof, proof.length - 32)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.root(leaf, Arrays.copyOf(proof, proof.length + 32)))
                .isInstanceOf(IllegalArgumentException.class);
        for (int[] indexAndCount : new int[][]{{5, 5}, {-1, 5}, {0, 1}, {0, 0}, {0, Integer.MAX_VALUE}}) {
            byte[] bad = proof.clone();
            ByteBuffer.wrap(bad).putInt(0, indexAndCount[0]).putInt(4, indexAndCount[1]);
            assertThatThrownBy(() -> MerkleTree.root(leaf, bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldTellARecordFromANodeOfTwoRecords() {
        // A leaf and a node are hashed with different prefixes: the pair (leaf 0, leaf 1) is no record.
        List<byte[]> leaves = leaves(2);
        MerkleTree.Tree tree = MerkleTree.of(leaves);
        byte[] joined = new byte[64];
        System.arraycopy(leaves.get(0), 0, joined, 0, 32);
        System.arraycopy(leaves.get(1), 0, joined, 32, 32);
        assertThat(MerkleTree.leaf("", joined)).isNotEqualTo(tree.root());
    }
}
