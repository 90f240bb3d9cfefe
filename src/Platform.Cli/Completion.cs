namespace Platform.Cli;

/// <summary>Shell completion scripts. Both ask the CLI itself through System.CommandLine's <c>[suggest:position]</c>
/// directive, so they know every command, option and value the CLI knows (run states, commands, fire kinds...).</summary>
internal static class Completion
{
    public static string Script(string shell) => shell switch
    {
        "zsh" => """
            # platform-cli completion for zsh: eval "$(platform-cli completion zsh)"
            _platform_cli() {
              local line="${BUFFER#* }" position=$(( CURSOR - ${#BUFFER} + ${#${BUFFER#* }} ))
              local -a candidates
              candidates=("${(@f)$(platform-cli "[suggest:$position]" "$line" 2>/dev/null)}")
              compadd -- $candidates
            }
            compdef _platform_cli platform-cli

            """,
        _ => """
            # platform-cli completion for bash: eval "$(platform-cli completion bash)"
            _platform_cli() {
              local line="${COMP_LINE#* }"
              local position=$(( COMP_POINT - ${#COMP_LINE} + ${#line} ))
              local IFS=$'\n'
              COMPREPLY=( $(compgen -W "$(platform-cli "[suggest:$position]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
            }
            complete -o default -F _platform_cli platform-cli

            """,
    };
}
