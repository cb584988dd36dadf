//! Emits the linker settings a Node-API addon needs (undefined `napi_*` symbols on macOS).
fn main() {
    napi_build::setup();
}
