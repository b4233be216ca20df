//! The `notelint` binary: parse the command line, then start the front end
//! it names (the language server for `notelint lsp`, else the CLI).

use notelint::cli::{self, Start};

fn main() {
    let code = match cli::parse() {
        Ok(Start::Lsp) => notelint::lsp::run(),
        Ok(Start::Cli(args)) => cli::run(args),
        Err(code) => code,
    };
    std::process::exit(code);
}
