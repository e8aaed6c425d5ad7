package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.TransportException;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The keys a transport offers: with {@link Host#identitiesOnly()}, the host's own identity files only (each must be
 * usable); else the keys of the ssh-agent (if one is given) followed by the host's identity files, or when it has
 * none the user's default {@code ~/.ssh/id_ed25519}, {@code id_ecdsa} and {@code id_rsa}, that exist and are not in
 * the agent (as ssh offers them). Each file is read and decrypted at most once per transport, asking the passphrase
 * callback only for encrypted files, and the agent's keys are listed once; concurrent connections that need the
 * same file wait for that one load. Thread-safe.
 */
final class Identities {

    private static final List<String> DEFAULT_NAMES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final Path userHome;
    private final Function<Path, Secret> passphrases;
    private final AgentClient agent;
    private final ConcurrentHashMap<Path, CompletableFuture<Loaded>> files = new ConcurrentHashMap<>();
    private final CompletableFuture<AgentListing> agentListing = new CompletableFuture<>();
    private final AtomicBoolean agentListingStarted = new AtomicBoolean();

    /**
     * @param userHome    the home whose {@code .ssh} holds the default keys
     * @param passphrases gives the passphrase of an encrypted key file, or null when it has none; may itself be null
     * @param agent       the ssh-agent whose keys are offered to hosts without IdentitiesOnly, or null
     */
    Identities(Path userHome, Function<Path, Secret> passphrases, AgentClient agent) {
        this.userHome = userHome;
        this.passphrases = passphrases;
        this.agent = agent;
    }

    /**
     * The keys to offer {@code host}.
     *
     * @throws TransportException of kind CREDENTIALS when an identity file of an IdentitiesOnly host cannot be used
     */
    Offer forHost(Host host) throws TransportException, InterruptedException {
        if (host.identitiesOnly() && !host.identityFiles().isEmpty()) {
            var keys = new ArrayList<KeyPair>();
            var shown = new ArrayList<String>();
            for (Path file : host.identityFiles()) {
                switch (load(file)) {
                    case Loaded.Keys found -> {
                        keys.addAll(found.pairs());
                        shown.add(Display.path(file, userHome));
                    }
                    case Loaded.Missing missing -> throw new TransportException(TransportException.Kind.CREDENTIALS,
                            "key " + Display.path(file, userHome) + " does not exist");
                    case Loaded.Unusable unusable ->
                            throw new TransportException(TransportException.Kind.CREDENTIALS, unusable.reason());
                }
            }
            return new Offer(List.copyOf(keys), List.copyOf(shown), null, List.of());
        }
        var keys = new ArrayList<KeyPair>();
        var shown = new ArrayList<String>();
        var skipped = new ArrayList<String>();
        AgentKeys.Offered agentKeys = null;
        if (agent != null && !host.identitiesOnly()) {
            switch (agentKeys()) {
                case AgentListing.Keys listed -> agentKeys = new AgentKeys.Offered(agent, listed.keys());
                case AgentListing.Unreachable unreachable -> skipped.add(unreachable.reason());
            }
        }
        boolean named = !host.identityFiles().isEmpty();
        List<Path> files = named ? host.identityFiles()
                : DEFAULT_NAMES.stream().map(name -> userHome.resolve(".ssh").resolve(name)).toList();
        for (Path file : files) {
            switch (load(file)) {
                case Loaded.Keys found -> {
                    List<KeyPair> own = notIn(agentKeys, found.pairs());
                    keys.addAll(own);
                    if (!own.isEmpty()) {
                        shown.add(Display.path(file, userHome));
                    }
                }
                case Loaded.Missing missing -> {
                    if (named) {
                        skipped.add("key " + Display.path(file, userHome) + " does not exist");
                    }
                }
                case Loaded.Unusable unusable -> skipped.add(unusable.reason());
            }
        }
        return new Offer(List.copyOf(keys), List.copyOf(shown), agentKeys, List.copyOf(skipped));
    }

    private static List<KeyPair> notIn(AgentKeys.Offered agentKeys, List<KeyPair> pairs) {
        if (agentKeys == null) {
            return pairs;
        }
        return pairs.stream().filter(pair -> agentKeys.keys().stream()
                .noneMatch(held -> KeyUtils.compareKeys(held.getKey(), pair.getPublic()))).toList();
    }

    private AgentListing agentKeys() throws InterruptedException {
        if (agentListingStarted.compareAndSet(false, true)) {
            AgentListing listing;
            try {
                listing = new AgentListing.Keys(agent.identities());
            } catch (IOException | RuntimeException e) {
                listing = new AgentListing.Unreachable("agent " + agent.socket() + ": " + Display.oneLine(e));
            }
            agentListing.complete(listing);
        }
        try {
            return agentListing.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("listing the agent's keys failed unexpectedly", e.getCause());
        }
    }

    private Loaded load(Path file) throws InterruptedException {
        Path key = file.toAbsolutePath().normalize();
        var mine = new CompletableFuture<Loaded>();
        CompletableFuture<Loaded> existing = files.putIfAbsent(key, mine);
        if (existing == null) {
            try {
                mine.complete(read(key));
            } catch (Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("loading a key file failed unexpectedly: " + key, e.getCause());
        }
    }

    private Loaded read(Path file) {
        String shown = Display.path(file, userHome);
        if (!Files.exists(file)) {
            return new Loaded.Missing();
        }
        var provider = new AskOnce(file);
        try {
            byte[] text = Files.readAllBytes(file);
            if (new String(text, StandardCharsets.ISO_8859_1).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
                Curve25519Registrar.registerBouncyCastleForKeyDecryption();
            }
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(shown),
                    new ByteArrayInputStream(text), provider);
            var list = new ArrayList<KeyPair>();
            if (pairs != null) {
                pairs.forEach(list::add);
            }
            if (list.isEmpty()) {
                return new Loaded.Unusable("key " + shown + " holds no private key");
            }
            return new Loaded.Keys(List.copyOf(list));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (provider.asked && provider.none) {
                return new Loaded.Unusable("key " + shown + " is encrypted and no passphrase was given");
            }
            if (provider.asked) {
                return new Loaded.Unusable("cannot decrypt key " + shown + ": wrong passphrase?");
            }
            return new Loaded.Unusable("cannot read key " + shown + ": " + Display.oneLine(e));
        }
    }

    /**
     * The keys to offer one host.
     *
     * @param keys      the usable key pairs from files, in preference order
     * @param keyFiles  the files those keys came from, as messages show them ({@code ~/.ssh/id_ed25519})
     * @param agentKeys the agent's keys, offered before the files, or null
     * @param skipped   why the agent or default key files that exist could not be used (for an authentication
     *                  failure's message)
     */
    record Offer(List<KeyPair> keys, List<String> keyFiles, AgentKeys.Offered agentKeys, List<String> skipped) {

        /** Whether there is any key to offer, from a file or from the agent. */
        boolean hasKeys() {
            return !keys.isEmpty() || (agentKeys != null && !agentKeys.keys().isEmpty());
        }
    }

    /** What listing the agent's keys gave. */
    private sealed interface AgentListing {
        record Keys(List<Map.Entry<PublicKey, String>> keys) implements AgentListing {
        }

        record Unreachable(String reason) implements AgentListing {
        }
    }

    /** What reading one key file gave. */
    private sealed interface Loaded {
        record Keys(List<KeyPair> pairs) implements Loaded {
        }

        record Missing() implements Loaded {
        }

        record Unusable(String reason) implements Loaded {
        }
    }

    /** Asks the callback for one file's passphrase, once, and remembers whether it was asked and had none. */
    private final class AskOnce implements FilePasswordProvider {
        private final Path file;
        private volatile boolean asked;
        private volatile boolean none;
        private volatile Secret secret;

        AskOnce(Path file) {
            this.file = file;
        }

        @Override
        public String getPassword(SessionContext session, NamedResource resourceKey, int retryIndex) {
            if (!asked) {
                asked = true;
                secret = passphrases == null ? null : passphrases.apply(file);
            }
            if (secret == null) {
                none = true;
                return null;
            }
            return secret.revealString();
        }
    }
}
