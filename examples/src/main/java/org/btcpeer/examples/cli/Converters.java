package org.btcpeer.examples.cli;

import java.util.stream.Collectors;

import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
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
}
