fn main() {
    if std::env::args().nth(1).as_deref() == Some("lsp") { std::process::exit(notelint::lsp::run()); }
    std::process::exit(notelint::cli::main());
}
