package org.btcpeer.examples.cli;

import java.util.stream.Collectors;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.node.InboundOptions;
import org.btcpeer.peer.inbound.Whitelist;
import org.btcpeer.wire.NetworkParameters;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the option types the commands share. */
public final class Converters {

    private Converters() {
    }

    /** {@code --network}: main, test, testnet4, signet, regtest (and Core's aliases). */
    public static final class Network implements ITypeConverter<NetworkParameters> {
        @Override
        public NetworkParameters convert(String value) {
            return NetworkParameters.byName(value).orElseThrow(() -> new TypeConversionException("unknown network '"
                    + value + "' (expected " + NetworkParameters.ALL.stream().map(NetworkParameters::name)
                    .collect(Collectors.joining(", ")) + ")"));
        }
    }

    /** {@code --transport}: v1, v2, v2-preferred. */
    public static final class Transport implements ITypeConverter<TransportOption> {
        @Override
        public TransportOption convert(String value) {
            try {
                return TransportOption.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --proxy HOST:PORT}. */
    public static final class Proxy implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value, 1080);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("bad proxy '" + value + "': " + e.getMessage());
            }
        }
    }

    /** {@code --whitelist}: {@code perm,perm@SUBNET} or {@code SUBNET=perm,perm} or {@code SUBNET}. */
    public static final class WhitelistEntry implements ITypeConverter<Whitelist.Entry> {
        @Override
        public Whitelist.Entry convert(String value) {
            try {
                return Whitelist.parseEntry(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --max-inbound}: an integer from 1 to {@link InboundOptions#MAX_INBOUND_LIMIT}. */
    public static final class MaxInbound implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number");
            }
            if (n < 1 || n > InboundOptions.MAX_INBOUND_LIMIT) {
                throw new TypeConversionException(n + " is out of range 1 to " + InboundOptions.MAX_INBOUND_LIMIT);
            }
            return n;
        }
    }
}
