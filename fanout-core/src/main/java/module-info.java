/**
 * fanout's core, for running commands and copies on many hosts from Java: inventories and selections, the engine
 * and its failure policy, runs ({@link dev.fanout.core.run.Fanout}), outcomes, records and the views of a run. It
 * knows no SSH library and no terminal: a transport ({@link dev.fanout.core.transport.Transport}, e.g. fanout-ssh's
 * MinaTransport) connects to hosts.
 */
module dev.fanout.core {
    requires com.fasterxml.jackson.core;
    requires io.github.javadiffutils;
    requires org.snakeyaml.engine;

    exports dev.fanout.core.copy;
    exports dev.fanout.core.event;
    exports dev.fanout.core.exec;
    exports dev.fanout.core.inventory;
    exports dev.fanout.core.record;
    exports dev.fanout.core.render;
    exports dev.fanout.core.result;
    exports dev.fanout.core.run;
    exports dev.fanout.core.select;
    exports dev.fanout.core.sshconfig;
    exports dev.fanout.core.transport;
}
