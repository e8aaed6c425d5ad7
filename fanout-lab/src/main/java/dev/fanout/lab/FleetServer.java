package dev.fanout.lab;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.threads.NoCloseExecutor;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The one MINA SSH server of a lab, listening on one port on every host's address, and able to stop and resume
 * listening on a single address. Thread-safe.
 */
final class FleetServer extends SshServer {
    /** The listen backlog of every address; MINA's default of 50 resets connections when hundreds arrive at once. */
    private static final int BACKLOG = 4096;
    private static final int BIND_ATTEMPTS = 8;
    /**
     * The read buffer every session keeps for its whole life: MINA's default is 32 KiB, but a lab host mostly sends
     * (command output, downloads) and reads small requests, so 8 KiB; a fleet of thousands of sessions in flight keeps
     * 24 KiB less each.
     */
    private static final int READ_BUFFER_SIZE = 8 * 1024;

    /**
     * A server for the hosts of {@code table}: the lab's host key, the client key or each host's password for the lab
     * user and nothing else, exec through {@code commands}, SFTP rooted per host on {@code sftpThreads}.
     */
    static FleetServer create(HostTable table, KeyPair hostKey, PublicKey clientKey, LabCommandFactory commands,
                              ExecutorService sftpThreads) {
        FleetServer server = (FleetServer) ServerBuilder.builder().factory(FleetServer::new).build();
        LabAuthenticator authenticator = new LabAuthenticator(table, clientKey);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(authenticator);
        server.setPublickeyAuthenticator(authenticator);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setCommandFactory(commands);
        server.setChannelFactories(server.getChannelFactories().stream()
                .map(factory -> factory.getName().equals("session") ? LabChannelSession.FACTORY : factory).toList());
        server.setFileSystemFactory(new HostFileSystemFactory(table));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder()
                .withExecutorServiceProvider(() -> new NoCloseExecutor(sftpThreads))
                .build()));
        CoreModuleProperties.SOCKET_BACKLOG.set(server, BACKLOG);
        CoreModuleProperties.NIO2_READ_BUFFER_SIZE.set(server, READ_BUFFER_SIZE);
        return server;
    }

    /**
     * Starts listening on every host's address on one port, free on all of them, and returns the port:
     * {@code requestedPort}, or when it is 0 one that the first address gets from the system; if another program holds that port on one of the other addresses, the
     * server starts over on a new port.
     *
     * @throws IOException if an address cannot be bound, e.g. when the open-file limit is too low for the fleet
     */
    int listen(List<LabHost> hosts, int requestedPort) throws IOException {
        SocketAddress first = address(hosts.getFirst(), 0);
        setHost(hosts.getFirst().address());
        setPort(requestedPort);
        try {
            start();
        } catch (BindException e) {
            throw new IOException("cannot listen on " + hosts.getFirst().address()
                    + (requestedPort > 0 ? ":" + requestedPort + " (in use?)"
                    : " (only Linux routes all of 127.0.0.0/8 to loopback by default)") + ": " + e.getMessage(), e);
        }
        int port = getPort();
        for (int attempt = 1; ; attempt++) {
            List<SocketAddress> rest = new ArrayList<>(hosts.size() - 1);
            for (LabHost host : hosts.subList(1, hosts.size())) {
                rest.add(address(host, port));
            }
            try {
                acceptor.bind(rest);
                return port;
            } catch (BindException e) {
                if (requestedPort > 0) {
                    throw new IOException("port " + requestedPort + " is in use on one of the lab's addresses from "
                            + hosts.getFirst().address() + ": " + e.getMessage(), e);
                }
                if (attempt == BIND_ATTEMPTS) {
                    throw new IOException("cannot find a port free on all " + hosts.size() + " lab addresses from "
                            + hosts.getFirst().address() + " after " + attempt + " attempts: " + e.getMessage(), e);
                }
                acceptor.unbind();
                acceptor.bind(first);
                port = ((InetSocketAddress) acceptor.getBoundAddresses().iterator().next()).getPort();
            }
        }
    }

    /** Stops listening on the host's address; connections to it are refused from now on. */
    void stopListening(LabHost host, int port) {
        acceptor.unbind(address(host, port));
    }

    /** Listens on the host's address again. */
    void resumeListening(LabHost host, int port) throws IOException {
        acceptor.bind(address(host, port));
    }

    private static InetSocketAddress address(LabHost host, int port) {
        return new InetSocketAddress(HostTable.inetAddress(host.address()), port);
    }
}
