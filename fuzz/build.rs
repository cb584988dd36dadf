//! Lets the `c_abi` target link the C ABI library that `cargo build -p govuk-notify-ffi` leaves
//! in the main workspace's target directory, or the one in `$GOVUK_NOTIFY_LIB_DIR` (run.sh and
//! smoke.sh build it first). The other targets do not reference it, so they link without it.
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let target = std::env::var_os("GOVUK_NOTIFY_LIB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../target/debug"));
    let target = target.canonicalize().unwrap_or(target);
    println!("cargo:rustc-link-search=native={}", target.display());
    println!(
        "cargo:rustc-link-arg-bin=c_abi=-Wl,-rpath,{}",
        target.display()
    );
    println!("cargo:rerun-if-env-changed=GOVUK_NOTIFY_LIB_DIR");
    for lib in ["libgovuk_notify.a", "libgovuk_notify.so"] {
        println!("cargo:rerun-if-changed={}", target.join(lib).display());
    }
}
