package dev.fanout.lab;

import java.io.IOException;
import java.util.Map;

import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A lab host's session channel. It answers environment requests as OpenSSH's sshd does with Debian's default
 * {@code AcceptEnv LANG LC_*}: those names are granted, any other is refused (MINA's own channel grants every name), so
 * that a client asking with want-reply learns the truth. It notes whether the client asked for a terminal, and with
 * which modes, for {@link LabProcess}. Thread-safe as MINA's channels are: requests come in on one I/O thread, before
 * the command starts.
 */
final class LabChannelSession extends ChannelSession {
    /** Creates the lab's session channels in place of MINA's {@code ChannelSessionFactory}. */
    static final ChannelFactory FACTORY = new ChannelFactory() {
        @Override
        public String getName() {
            return "session";
        }

        @Override
        public Channel createChannel(Session session) {
            return new LabChannelSession();
        }
    };

    private volatile boolean terminal;
    private volatile boolean echo = true;
    private volatile int columns;
    private volatile int rows;

    /** Whether {@code name} is one the lab sets for a command when the client sends it: LANG and LC_*. */
    static boolean acceptsVariable(String name) {
        return name.equals("LANG") || name.startsWith("LC_");
    }

    @Override
    protected RequestHandler.Result handleEnvParsed(String name, String value) throws IOException {
        return acceptsVariable(name) ? super.handleEnvParsed(name, value) : RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected RequestHandler.Result handlePtyReqParsed(String term, int columns, int rows, int width, int height,
                                                       Map<PtyMode, Integer> modes) throws IOException {
        terminal = true;
        echo = modes.getOrDefault(PtyMode.ECHO, 1) != 0;
        this.columns = columns;
        this.rows = rows;
        return super.handlePtyReqParsed(term, columns, rows, width, height, modes);
    }

    /** Whether the client asked for a terminal. */
    boolean terminal() {
        return terminal;
    }

    /** The terminal's width the client asked for, in characters (0 when it named none). */
    int columns() {
        return columns;
    }

    /** The terminal's height the client asked for, in lines (0 when it named none). */
    int rows() {
        return rows;
    }

    /** Whether the terminal the client asked for echoes its input (the default, unless the client said otherwise). */
    boolean echo() {
        return echo;
    }
}
