// In the source tree, the add-in kit from bindings/wasm; build.mjs puts the file itself
// here, beside presend.js, so the add-on has one copy and no link outside itself.
export * from '../../wasm/addin-kit.js'
