// The global object in every Outlook runtime. `globalThis` is ES2020, newer than classic
// Outlook's JavaScript-only runtime promises, and that runtime has no `self` or
// `window`; there, a sloppy-mode function's `this` is the global object.
function findRoot() {
  if (typeof globalThis !== 'undefined') return globalThis
  if (typeof self !== 'undefined') return self
  if (typeof window !== 'undefined') return window
  try {
    return Function('return this')()
  } catch {
    return {}
  }
}

export const root = findRoot()
