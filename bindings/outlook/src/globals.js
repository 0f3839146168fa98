// The global object in every Outlook runtime: `globalThis` is ES2020, newer than
// classic Outlook's JavaScript-only runtime promises.
export const root =
  typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : typeof window !== 'undefined' ? window : {}
