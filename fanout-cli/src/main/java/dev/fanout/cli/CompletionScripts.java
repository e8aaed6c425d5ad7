package dev.fanout.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell completion scripts, from the same picocli model as {@code --help}: picocli's {@link AutoComplete} bash
 * script for the subcommands and options, and on top of it the completion of what only fanout knows (groups after
 * -g and -X and after @ in -H and -x, hosts after -H and -x, run ids after show and --rerun-failed), asked of the
 * hidden {@code fanout complete}. zsh uses the same script through bashcompinit. Run by the build
 * ({@code main DIR} writes DIR/fanout.bash and DIR/_fanout). Stateless.
 */
public final class CompletionScripts {
    private CompletionScripts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompletionScripts DIR (writes DIR/fanout.bash, DIR/_fanout)");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        CommandLine model = ManPages.model();
        Files.writeString(dir.resolve("fanout.bash"), bash(model), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("_fanout"), zsh(model), StandardCharsets.UTF_8);
    }

    /** The bash completion script: picocli's, then the dynamic part, registered for fanout. */
    static String bash(CommandLine model) {
        return AutoComplete.bash("fanout", model) + dynamic(model);
    }

    /**
     * The zsh completion function file (_fanout, autoloaded at the first TAB after fanout): the bash script, whose
     * preamble loads bashcompinit in zsh, then that first completion (later ones go straight to the bash function).
     */
    static String zsh(CommandLine model) {
        return "#compdef fanout\n"
                + "# zsh completion for fanout: the bash completion (fanout.bash) through zsh's bashcompinit.\n"
                + bash(model)
                + "\n_bash_complete -F _fanout_complete -o default \"$@\"\n";
    }

    private static String dynamic(CommandLine model) {
        List<String> showValueOptions = new ArrayList<>();
        for (OptionSpec option : model.getSubcommands().get("show").getCommandSpec().options()) {
            if (option.arity().max() > 0) {
                showValueOptions.addAll(List.of(option.names()));
            }
        }
        return """

                # fanout: what only fanout knows, asked of the hidden 'fanout complete KIND -- WORDS...', which reads the
                # inventory the command line names (-i, else $FANOUT_INVENTORY, ./hosts.ini, ...) and contacts no host:
                # groups after -g and -X and after @ in -H and -x, hosts after -H and -x, run ids after show and
                # --rerun-failed. Returns 1 when the word is none of these, for picocli's completion to take it.
                _fanout_dynamic() {
                  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" kind="" at="" head="" word
                  local i=$((COMP_CWORD - 1))
                  [ "$i" -ge 0 ] && prev="${COMP_WORDS[i]}"
                  if [ "$prev" = "=" ] && [ "$i" -ge 1 ]; then prev="${COMP_WORDS[i-1]}"; fi
                  case "$prev" in
                    GROUP_OPTIONS) kind=groups ;;
                    HOST_OPTIONS) kind=hosts ;;
                    RUN_OPTIONS) kind=runs ;;
                  esac
                  if [ -z "$kind" ] && [ "${COMP_WORDS[1]:-}" = show ] && [ "$COMP_CWORD" -ge 2 ] && [[ "$cur" != -* ]]; then
                    case "$prev" in
                      SHOW_VALUE_OPTIONS) return 1 ;;
                    esac
                    kind=runs
                  fi
                  [ -n "$kind" ] || return 1
                  word="$cur"
                  if [ "$kind" != runs ]; then
                    case "$cur" in *,*) head="${cur%,*},"; word="${cur##*,}" ;; esac
                  fi
                  if [ "$kind" = hosts ] && [[ "$word" == @* ]]; then kind=groups; at=@; word="${word#@}"; fi
                  local self="${COMP_WORDS[0]}" candidates
                  case "$self" in "~/"*) self="$HOME/${self#"~/"}" ;; esac
                  candidates="$("$self" complete "$kind" -- "${COMP_WORDS[@]:1:$((COMP_CWORD - 1))}" 2>/dev/null)"
                  [ -n "$at" ] && candidates="$candidates"$'\\n'FAILED
                  local IFS=$'\\n'
                  COMPREPLY=($(compgen -P "$head$at" -W "$candidates" -- "$word"))
                  return 0
                }

                _fanout_complete() {
                  _fanout_dynamic && return 0
                  _complete_fanout "$@"
                }

                complete -F _fanout_complete -o default fanout fanout.sh fanout.bash
                """
                .replace("GROUP_OPTIONS", names("groups", "excludeGroups"))
                .replace("HOST_OPTIONS", names("hosts", "exclude"))
                .replace("RUN_OPTIONS", names("rerunFailed"))
                .replace("SHOW_VALUE_OPTIONS", String.join("|", showValueOptions))
                .replace("FAILED", SelectionOptions.FAILED.substring(1));
    }

    /** The names of SelectionOptions' {@code fields}, as a case pattern: -g|--group. */
    private static String names(String... fields) {
        List<String> names = new ArrayList<>();
        for (String field : fields) {
            try {
                names.addAll(List.of(SelectionOptions.class.getDeclaredField(field).getAnnotation(Option.class).names()));
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("SelectionOptions has no field " + field, e);
            }
        }
        return String.join("|", names);
    }
}
