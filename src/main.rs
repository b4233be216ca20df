fn main() {
    std::process::exit(notelint::cli::main());
}
