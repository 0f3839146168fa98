// Gives the shared library a versioned SONAME on Linux (libpresend.so.0 for 0.x), so
// programs linked against it keep loading the ABI they were built for.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libpresend.so.{major}");
    }
}
