fn main() -> std::process::ExitCode {
    kvm::cli::main()
}
