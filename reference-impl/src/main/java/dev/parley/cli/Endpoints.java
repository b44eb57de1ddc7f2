package dev.parley.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** Parses {@code host:port} options. */
final class Endpoints implements CommandLine.ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new CommandLine.TypeConversionException("expected host:port, got '" + value + "'");
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("port is not a number in '" + value + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new CommandLine.TypeConversionException("port out of range 0..65535 in '" + value + "'");
        }
        return new InetSocketAddress(host, port);
    }
}
