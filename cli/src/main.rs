//! The `connect` program: the command line in, the output or an error and its exit status out.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let words: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let mut stdout = std::io::stdout().lock();
    match connect_cli::run(&words) {
        Ok(text) => {
            // A closed pipe (`connect ... | head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
        Err(exit) => {
            let _ = stdout.flush();
            if !exit.message.is_empty() {
                eprintln!("{}", exit.message);
            }
            ExitCode::from(exit.code)
        }
    }
}
