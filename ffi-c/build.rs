//! Gives the installed shared library a versioned SONAME on Linux (`libgovuk_notify.so.0.1` while
//! the version is 0.x, where a minor release may break the ABI; `libgovuk_notify.so.1` from 1.0),
//! so an installed copy can sit beside the next incompatible one and programs keep loading the one
//! they were linked against.
//!
//! Only when `GOVUK_NOTIFY_SONAME=1` (set by `make install`, which also creates the
//! `libgovuk_notify.so.0.1` file and symlinks): a program linked against a library with a SONAME
//! asks the loader for that name, which does not exist in `target/`, so in-tree builds
//! (tests, examples, the other bindings) keep cargo's default of no SONAME.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=GOVUK_NOTIFY_SONAME");
    let wanted = std::env::var("GOVUK_NOTIFY_SONAME").is_ok_and(|v| v == "1");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if wanted && os == "linux" {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        let minor = env!("CARGO_PKG_VERSION_MINOR");
        let abi = if major == "0" {
            format!("0.{minor}")
        } else {
            major.to_owned()
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libgovuk_notify.so.{abi}");
    }
}
