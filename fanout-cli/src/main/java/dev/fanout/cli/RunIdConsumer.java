package dev.fanout.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Stack;
import java.util.regex.Pattern;

/**
 * Takes the value of {@code --rerun-failed} only when it looks like a run id or its beginning, so that the
 * command after the option is never swallowed as its value ({@code --rerun-failed hostname} runs hostname).
 */
final class RunIdConsumer implements CommandLine.IParameterConsumer {
    private static final Pattern RUN_ID = Pattern.compile("\\d{8}(T[0-9A-Za-z.-]*)?");

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        boolean isRun = !args.isEmpty() && RUN_ID.matcher(args.peek()).matches();
        argSpec.setValue(isRun ? args.pop() : "");
    }
}
