package org.btcpeer.examples.cli;

import java.util.stream.Collectors;

import com.google.common.net.HostAndPort;

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
            return ranged(value, 1, InboundOptions.MAX_INBOUND_LIMIT, "number of inbound connections");
        }
    }

    /** A listen port ({@code --port}): 0 (pick a free one) to 65535. */
    public static final class ListenPort implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return ranged(value, 0, 65535, "port");
        }
    }

    /** A timeout in whole seconds ({@code --timeout}): at least 1. */
    public static final class Seconds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return ranged(value, 1, Integer.MAX_VALUE, "number of seconds");
        }
    }

    /** A status period in whole seconds ({@code --status-interval}): 0 (off) or more. */
    public static final class StatusSeconds implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return ranged(value, 0, Integer.MAX_VALUE, "number of seconds");
        }
    }

    /** A listen address {@code HOST:PORT} ({@code --listen}): the port is required, 0 picks a free one. */
    public static final class Listen implements ITypeConverter<ProxyCommand.ListenAddress> {
        @Override
        public ProxyCommand.ListenAddress convert(String value) {
            HostAndPort hp;
            try {
                hp = HostAndPort.fromString(value.strip());
                HostPort.checkHost(hp.getHost(), value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (!hp.hasPort()) {
                throw new TypeConversionException("'" + value + "' has no port (HOST:PORT; port 0 picks a free one)");
            }
            return new ProxyCommand.ListenAddress(hp.getHost(), hp.getPort());
        }
    }

    private static int ranged(String value, int min, int max, String what) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a " + what);
        }
        if (n < min || n > max) {
            throw new TypeConversionException(what + " must be " + min + (max == Integer.MAX_VALUE ? " or more" : " to " + max)
                    + ", got " + n);
        }
        return n;
    }
}
