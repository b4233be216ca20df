//! The command line: argument parsing (clap), the `check` pipeline, the other
//! subcommands, and the renderers. `main.rs` calls [`parse`], then [`run`]
//! or, for `notelint lsp`, the language server: the two front ends stand
//! side by side and neither imports the other.
//!
//! Exit codes: 0 clean, 1 findings at or above `--fail-on` (or, for `fmt
//! --check` and `check --diff`, files that would change), 2 usage, config or
//! I/O error. A closed stdout (`| head`) exits 0 quietly (see [`out`]).

// Every write to stdout goes through `out`, which handles a closed pipe.
#![deny(clippy::print_stdout)]

pub mod check;
pub mod commands;
pub mod fix;
pub mod import;
pub mod out;
pub mod render;
pub mod report;
pub mod watch;

use crate::lint::Severity;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

const EXAMPLES: &str = "\
Examples:
  notelint check                       lint every *.talk file under the current folder
  notelint check talks/ --fix          apply safe fixes in place
  notelint check --diff                show what --fix would change
  notelint check --format github       annotations for GitHub Actions
  notelint check - --stdin-filename a.talk < a.talk
  notelint check --select NL001,incomplete-proposal --fail-on error
  notelint fmt --check                 list files whose layout is not canonical
  notelint import schedule.xml -o talks.talk   convert a frab/pretalx export
  notelint explain missing-author      what a rule checks, with examples
  notelint config                      the effective configuration and its sources
  notelint completions bash > /etc/bash_completion.d/notelint";

#[derive(Parser, Debug)]
#[command(
    name = "notelint",
    version,
    about = "Linter and language server for talk-note markup",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// When to use colour (NO_COLOR is honoured by `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Use this config file instead of searching for notelint.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint note files and report findings.
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// Rewrite files in the canonical layout (never changes words).
    Fmt(FmtArgs),
    /// Convert notes in another shape (blog, schedule, prose, Markdown,
    /// frab/pretalx XML or JSON, CSV) to talk-note markup, losing no word.
    Import(ImportArgs),
    /// Print the outline of a file (talks, speakers, sections).
    Outline(OutlineArgs),
    /// List every rule: code, name, default severity, fix.
    Rules,
    /// Explain a rule (by code or name), with examples.
    Explain {
        /// Rule code (NL001) or name (missing-author).
        rule: String,
    },
    /// List speakers across the files, with talk counts and similar spellings.
    Speakers(SpeakersArgs),
    /// Print the effective configuration and where each value came from.
    Config {
        /// Folder or file whose configuration to show (default: current folder).
        path: Option<PathBuf>,
    },
    /// Print the JSON Schema of notelint.toml.
    Schema,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: source excerpts with labels (codespan-reporting).
    #[value(alias = "text")]
    Human,
    /// One line per finding: `path:line:col: CODE [name] message`.
    Concise,
    /// Versioned JSON (docs/output-formats.md).
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML.
    Junit,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Hint,
    Info,
    Warning,
    Error,
    /// Never fail because of findings (I/O and config errors still exit 2).
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
            FailOn::Never => None,
        }
    }
}

#[derive(Args, Debug, Clone)]
#[command(group(clap::ArgGroup::new("apply").args(["fix", "diff"])))]
pub struct CheckArgs {
    /// Files or folders to lint (`-` reads stdin). Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Exit 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Apply safe fixes in place (atomic writes).
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (those that change words) with --fix or --diff.
    #[arg(long, requires = "apply")]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 if any.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Only these rules (codes or names; comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Turn these rules off (codes or names; comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// The file name to report (and find the config from) for stdin; implies `-`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Largest file to read, in bytes (overrides max-file-size).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: Option<u64>,
    /// Re-lint whenever a file changes (polls modification times).
    #[arg(long, conflicts_with_all = ["diff", "stdin_filename"])]
    pub watch: bool,
    /// Polling interval for --watch, in milliseconds.
    #[arg(long, default_value_t = 500, value_name = "MS")]
    pub watch_interval: u64,
}

#[derive(Args, Debug, Clone)]
pub struct FmtArgs {
    /// Files or folders (default: the current folder; `-` formats stdin to stdout).
    pub paths: Vec<PathBuf>,
    /// Do not write; list files that would change and exit 1 if any.
    #[arg(long)]
    pub check: bool,
    /// Do not write; print a unified diff and exit 1 if any file would change.
    #[arg(long, conflicts_with = "check")]
    pub diff: bool,
    /// Largest file to read, in bytes (overrides max-file-size).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: Option<u64>,
}

#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// The file to import (`-` reads stdin).
    pub file: PathBuf,
    /// The shape to read it as; `auto` detects it.
    #[arg(long, default_value = "auto", value_name = "SHAPE", value_parser = import::shape_names())]
    pub from: String,
    /// Write the result to this file instead of stdout.
    #[arg(short = 'o', long, value_name = "OUT", conflicts_with_all = ["in_place", "diff"])]
    pub output: Option<PathBuf>,
    /// Replace FILE with the result (the same safe replace as `fmt`).
    #[arg(long, conflicts_with = "diff")]
    pub in_place: bool,
    /// Print the conversion as a unified diff instead of writing it.
    #[arg(long)]
    pub diff: bool,
    /// CSV: read column COL as FIELD (title, speakers, handle, track, level,
    /// description, abstract, bio, notes, ignore); repeatable.
    #[arg(long, value_name = "COL=FIELD")]
    pub map: Vec<String>,
    /// Largest file to read, in bytes (overrides max-file-size).
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
}

#[derive(Args, Debug, Clone)]
pub struct OutlineArgs {
    /// The note file to outline (`-` reads stdin).
    pub file: PathBuf,
    /// `text`: one line per talk and section, with line numbers; `json`:
    /// `{"talks": [...]}`.
    #[arg(long, value_enum, default_value_t = OutlineFormat::Text)]
    pub format: OutlineFormat,
    /// Largest file to read, in bytes (overrides max-file-size).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: Option<u64>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutlineFormat {
    Text,
    Json,
}

#[derive(Args, Debug, Clone)]
pub struct SpeakersArgs {
    /// Files or folders (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// `text`: talk count, name and other spellings per speaker; `json`:
    /// `{"speakers": [...]}` with every talk.
    #[arg(long, value_enum, default_value_t = OutlineFormat::Text)]
    pub format: OutlineFormat,
    /// Largest file to read, in bytes (overrides max-file-size).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: Option<u64>,
}

/// Print `notelint: what went wrong` to stderr (ripgrep style).
pub fn error(msg: impl std::fmt::Display) {
    eprintln!("notelint: {msg}");
}

/// Combinations clap's attributes cannot say, rejected as clap rejects
/// the others (same message shape, usage line, exit 2).
fn check_combinations(cli: &Cli) -> Result<(), clap::Error> {
    use clap::CommandFactory;
    let Command::Check(a) = &cli.command else {
        return Ok(());
    };
    let stdin = a.paths.iter().any(|p| p.as_os_str() == "-");
    let conflict = if a.stdin_filename.is_some() && a.paths.iter().any(|p| p.as_os_str() != "-") {
        Some("--stdin-filename names stdin (`-`); it cannot be used with other paths")
    } else if a.watch && stdin {
        Some("--watch re-reads files; it cannot read stdin (`-`)")
    } else {
        None
    };
    match conflict {
        Some(m) => {
            let mut cmd = Cli::command();
            // Built, the subcommand knows its full name for the usage line.
            cmd.build();
            let sub = cmd.find_subcommand_mut("check").map(|c| c.clone());
            let mut c = sub.unwrap_or(cmd);
            Err(c.error(clap::error::ErrorKind::ArgumentConflict, m))
        }
        None => Ok(()),
    }
}

/// What the command line asks the binary to start.
pub enum Start {
    /// `notelint lsp`: the language server (started by `main.rs`, which
    /// picks the front end, so the CLI never imports the server).
    Lsp,
    /// Any other command, for [`run`].
    Cli(Cli),
}

/// Parse the command line. `Err` carries the exit code once clap's message
/// (usage error, `--help`, `--version`) is printed.
pub fn parse() -> Result<Start, i32> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return Err(code);
        }
    };
    if let Err(e) = check_combinations(&cli) {
        let _ = e.print();
        return Err(EXIT_ERROR);
    }
    let mut cli = cli;
    if let Command::Check(a) = &mut cli.command {
        // `--stdin-filename` names stdin: without `-` it would otherwise be
        // ignored and the current folder linted instead.
        if a.stdin_filename.is_some() && a.paths.is_empty() {
            a.paths.push(PathBuf::from("-"));
        }
    }
    Ok(match cli.command {
        Command::Lsp { .. } => Start::Lsp,
        _ => Start::Cli(cli),
    })
}

/// Run a CLI command; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let color = cli.color;
    let config = cli.config.clone();
    match cli.command {
        Command::Check(args) => {
            if args.watch {
                watch::run(&args, config.as_deref(), color)
            } else {
                check::run(&args, config.as_deref(), color)
            }
        }
        Command::Fmt(args) => commands::fmt(&args, config.as_deref()),
        Command::Import(args) => import::run(&args, config.as_deref()),
        Command::Outline(args) => commands::outline(&args, config.as_deref()),
        Command::Rules => commands::rules(),
        Command::Explain { rule } => commands::explain(&rule),
        Command::Speakers(args) => commands::speakers(&args, config.as_deref()),
        Command::Config { path } => commands::config(path.as_deref(), config.as_deref()),
        Command::Schema => {
            out::write(crate::workspace::config::json_schema().as_bytes());
            EXIT_CLEAN
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "notelint", &mut script);
            out::write(&script);
            EXIT_CLEAN
        }
        // `parse` hands `lsp` to the binary's entry, which starts the server.
        Command::Lsp { .. } => {
            error("`lsp` is started by the notelint binary, not by the CLI");
            EXIT_ERROR
        }
    }
}
