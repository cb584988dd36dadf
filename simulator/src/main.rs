//! `govuk-notify-simulator`: run the GOV.UK Notify API simulator (see `cli.rs` for the flags).
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(govuk_notify_simulator::cli::main(
        std::env::args().skip(1).collect(),
    ))
}
