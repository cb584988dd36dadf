//! Emits the linker settings a Node-API addon needs (undefined `napi_*` symbols on macOS), and
//! records the cargo profile (`BUILD_PROFILE`), which the npm packaging check reads so that a
//! debug build can never be packed as the platform package's binary.
fn main() {
    napi_build::setup();
    let profile = std::env::var("PROFILE").unwrap_or_else(|_| "unknown".to_owned());
    println!("cargo:rustc-env=GOVUK_NOTIFY_BUILD_PROFILE={profile}");
    println!("cargo:rerun-if-changed=build.rs");
}
