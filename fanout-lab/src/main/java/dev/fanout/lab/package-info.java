/**
 * The lab: an embedded fleet of SSH hosts on loopback addresses, so that fanout can be shown and tested without real
 * hosts. {@link dev.fanout.lab.Lab#start(dev.fanout.lab.LabOptions)} is the entry point.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>MINA's NIO2 I/O threads (cores + 1) run the SSH protocol for every session. Nothing of the lab blocks on
 *       them: the authenticators and the file system factory only look up maps (and make a host's directories the
 *       first time it is used).</li>
 *   <li>An exec request runs on two small platform threads of a pool that keeps idle threads for a few seconds, one
 *       that starts the process, pumps its stdout and waits for it, one that pumps stderr, and a virtual thread that
 *       forwards stdin; the JDK adds a reaper thread per running process (pooled too). Platform threads because
 *       blocking on a process pins or borrows virtual threads' carriers (see {@code LabProcess}). Their blocking
 *       writes to the channel streams wait for the client's window.</li>
 *   <li>An SFTP channel runs MINA's request loop on a virtual thread of the lab's executor.</li>
 *   <li>Ending a process tree sends SIGTERM at once and SIGKILL to survivors from a virtual thread after a grace
 *       period.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * Commands run as the local user on the local file system: their working directory, environment and
 * {@code hostname} are the host's, but an absolute path such as {@code /tmp/x} is the machine's {@code /tmp}, while
 * SFTP's {@code /tmp/x} is the host's own. Relative paths agree: both start in the host's home. There is no shell
 * (interactive login) and no port forwarding.
 */
package dev.fanout.lab;
