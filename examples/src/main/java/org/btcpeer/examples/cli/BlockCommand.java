package org.btcpeer.examples.cli;

import java.util.Optional;
import java.util.function.UnaryOperator;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.chain.ScriptNum;
import org.btcpeer.examples.sync.BlockFetcher;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code btcpeer block}: fetch one block, verify its merkle root, print its size and weight. */
@Command(name = "block", mixinStandardHelpOptions = true,
        description = "Fetch one block by hash (getdata), verify its merkle root, and print its height (from BIP-34, "
                + "if the block has one), size, weight and transaction count.")
public final class BlockCommand extends BaseCommand {

    @Mixin
    ConnectOptions connect;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The peer; the port defaults to the network's.")
    String target;

    @Parameters(index = "1", paramLabel = "HASH", description = "The block hash, 64 hex digits as printed by Core.")
    String hash;

    /** Creates the command; picocli injects the fields. */
    public BlockCommand() {
    }

    @Override
    protected Outcome execute() throws Exception {
        Hash256 wanted = parseHash(hash);
        HostPort to = connect.target(target);
        try (ClientSession s = ClientSession.connect(to, connect.network(), connect.transport(), connect.proxy(),
                connect.timeout(), runtime(), UnaryOperator.identity())) {
            Block block = BlockFetcher.fetchOne(s, wanted);
            Optional<Long> height = bip34Height(block);
            StringBuilder h = new StringBuilder();
            Format.row(h, 14, "hash", block.hash());
            Format.row(h, 14, "height", height.map(String::valueOf).orElse("unknown (no BIP-34 height)"));
            Format.row(h, 14, "merkle root", block.header().merkleRoot() + " (verified)");
            Format.row(h, 14, "size", Format.bytes(block.serializedSize()));
            Format.row(h, 14, "stripped size", Format.bytes(block.strippedSize()));
            Format.row(h, 14, "weight", block.weight());
            Format.row(h, 14, "transactions", block.transactions().size());
            Format.row(h, 14, "time", java.time.Instant.ofEpochSecond(block.header().time()));
            Json j = new Json()
                    .put("peer", to.toString())
                    .put("network", connect.network().name())
                    .put("hash", block.hash().toString())
                    .put("height", height)
                    .put("prev_hash", block.header().prevBlock().toString())
                    .put("merkle_root", block.header().merkleRoot().toString())
                    .put("merkle_root_ok", true)
                    .put("size", block.serializedSize())
                    .put("stripped_size", block.strippedSize())
                    .put("weight", block.weight())
                    .put("tx_count", block.transactions().size())
                    .put("time", block.header().time());
            return new Outcome(h.toString(), j);
        }
    }

    /**
     * Parses a display-order block hash.
     *
     * @param text the argument
     * @return the hash
     * @throws CommandFailure if it is not 64 hex digits
     */
    static Hash256 parseHash(String text) throws CommandFailure {
        if (text.length() != 64 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new CommandFailure("invalid block hash '" + text + "': expected 64 hex digits");
        }
        return Hash256.fromHex(text);
    }

    /** The BIP-34 height of a version 2+ block (the number its coinbase scriptSig starts with). */
    static Optional<Long> bip34Height(Block block) {
        if (block.header().version() < 2 || block.transactions().isEmpty()
                || block.transactions().get(0).inputs().isEmpty()) {
            return Optional.empty();
        }
        return ScriptNum.decodeLeadingNumber(block.transactions().get(0).inputs().get(0).scriptSig())
                .filter(h -> h >= 0);
    }
}
