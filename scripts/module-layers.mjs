#!/usr/bin/env node
// Checks that a crate's modules read top to bottom: its crate docs (lib.rs or main.rs)
// list the modules in numbered layers, and every `crate::` path in a module's code must
// name a module in its own layer or a lower one, with no circle of modules anywhere.
// A newcomer can then trust the table in `cargo doc` to say what each module may touch.
//
//   node scripts/module-layers.mjs crates/presend-core crates/presend-cli
//   node scripts/module-layers.mjs --graph crates/presend-core   (what each module uses)
//
// The layer table is a Markdown table in the crate docs whose first column is the layer
// number and whose second lists the layer's modules in backticks:
//
//   //! | Layer | Modules | ... |
//   //! |---|---|---|
//   //! | 2 | `draft`, `mime` | ... |
//
// A call to an associated function a module adds to another module's type
// (`RuleMeta::find`, defined by the registry on the type in `meta`) uses that module too.
// Test modules (`#[cfg(test)] mod ... { }` at the top level of a file) are left out:
// a test may build what it needs from anywhere. Doc comments are left out too.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";

function rustFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return rustFiles(path);
    return entry.name.endsWith(".rs") ? [path] : [];
  });
}

/** The top-level module a file belongs to (`rules/textspeak.rs` is in `rules`). */
function moduleOf(src, file) {
  const parts = relative(src, file).split(sep);
  const first = parts[0].replace(/\.rs$/, "");
  return parts.length === 1 && (first === "lib" || first === "main") ? null : first;
}

/** The file's code without comments and without its top-level test modules. */
function codeOf(text) {
  const kept = [];
  let inTests = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (inTests) {
      if (line === "}") inTests = false;
      continue;
    }
    if (line === "#[cfg(test)]" && /^(pub(\([a-z]+\))? )?mod \w+ \{$/.test(lines[i + 1] ?? "")) {
      inTests = true;
      i++;
      continue;
    }
    kept.push(line.replace(/\/\/.*$/, ""));
  }
  return kept.join("\n");
}

/** Every module named by a `crate::` (or `$crate::`) path, including `use crate::{a, b::c}`. */
function modulesUsed(code) {
  const used = new Set();
  const paths = /\bcrate::(\{|[A-Za-z_]\w*)/g;
  for (let match; (match = paths.exec(code)); ) {
    if (match[1] !== "{") {
      used.add(match[1]);
      continue;
    }
    // A use group: the first name of each top-level item between the braces.
    let depth = 1;
    let item = "";
    for (let i = paths.lastIndex; i < code.length && depth > 0; i++) {
      const c = code[i];
      if (c === "{") depth++;
      if (c === "}") depth--;
      if ((c === "," && depth === 1) || depth === 0) {
        const name = item.trim().match(/^[A-Za-z_]\w*/);
        if (name) used.add(name[0]);
        item = "";
      } else if (depth === 1) {
        item += c;
      } else if (c === "{" && depth === 2) {
        item += " ";
      }
    }
  }
  return used;
}

/**
 * Associated functions a module adds to a type another module defines (`impl RuleMeta
 * { pub fn all() … }` in the registry, `impl Draft { pub fn from_json … }` in
 * draft_json), as `Type::name` to the module that adds it. A call `RuleMeta::find(…)`
 * needs that module though it names only the type's, so it counts as a use of it.
 */
function extensionsOf(codes) {
  const definedIn = new Map();
  for (const [module, code] of codes) {
    for (const m of code.matchAll(/^pub(?:\([a-z]+\))? (?:struct|enum|trait) (\w+)/gm)) definedIn.set(m[1], module);
  }
  const extensions = new Map();
  for (const [module, code] of codes) {
    for (const block of code.matchAll(/^impl(?:<[^>]*>)? (\w+)(?:<[^>]*>)? \{\n([\s\S]*?)^\}/gm)) {
      const [, type, body] = block;
      if (!definedIn.has(type) || definedIn.get(type) === module) continue;
      for (const fn of body.matchAll(/^    (?:pub(?:\([a-z]+\))? )?(?:const )?fn (\w+)/gm)) {
        extensions.set(`${type}::${fn[1]}`, module);
      }
    }
  }
  return extensions;
}

/** The layer table from the crate docs: module name to layer number. */
function layersOf(rootText, rootFile) {
  const layers = new Map();
  for (const line of rootText.split("\n")) {
    const row = line.match(/^\/\/! \|\s*(\d+)[^|]*\|([^|]*)\|/);
    if (!row) continue;
    for (const name of row[2].matchAll(/`(\w+)`/g)) {
      if (layers.has(name[1])) throw new Error(`${rootFile}: \`${name[1]}\` is in two layers`);
      layers.set(name[1], Number(row[1]));
    }
  }
  if (layers.size === 0) throw new Error(`${rootFile}: no layer table in the crate docs`);
  return layers;
}

/** One circle in the graph, as a list of modules, or null. */
function findCycle(graph) {
  const state = new Map(); // module -> "open" while on the path, "done" after
  const path = [];
  function visit(module) {
    state.set(module, "open");
    path.push(module);
    for (const next of [...(graph.get(module) ?? [])].sort()) {
      if (state.get(next) === "open") return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(module, "done");
    return null;
  }
  for (const module of [...graph.keys()].sort()) {
    if (!state.has(module)) {
      const cycle = visit(module);
      if (cycle) return cycle;
    }
  }
  return null;
}

function checkCrate(crateDir, printGraph) {
  const src = join(crateDir, "src");
  const rootFile = ["lib.rs", "main.rs"].map((f) => join(src, f)).find(existsSync);
  const layers = layersOf(readFileSync(rootFile, "utf8"), rootFile);
  const problems = [];
  const graph = new Map();
  // Each module's code, its files' joined.
  const codes = new Map();
  for (const file of rustFiles(src).sort()) {
    const module = moduleOf(src, file);
    if (module === null) continue;
    if (!layers.has(module)) {
      problems.push(`${file}: module \`${module}\` is in no layer of ${rootFile}'s table`);
      continue;
    }
    codes.set(module, (codes.get(module) ?? "") + "\n" + codeOf(readFileSync(file, "utf8")));
  }
  const extensions = extensionsOf(codes);
  for (const [module, code] of codes) {
    const where = join(src, module);
    const edges = new Set();
    graph.set(module, edges);
    const used = modulesUsed(code);
    for (const call of code.matchAll(/\b(\w+::\w+)\b/g)) {
      if (extensions.has(call[1])) used.add(extensions.get(call[1]));
    }
    for (const other of used) {
      if (other === module) continue;
      if (!layers.has(other)) {
        problems.push(
          `${where}: \`crate::${other}\` is not a module in the layer table; ` +
            "import items from the module that defines them",
        );
        continue;
      }
      edges.add(other);
      if (layers.get(other) > layers.get(module)) {
        problems.push(
          `${where}: \`${module}\` (layer ${layers.get(module)}) uses \`${other}\` ` +
            `from the layer above it (${layers.get(other)})`,
        );
      }
    }
  }
  for (const listed of layers.keys()) {
    if (!graph.has(listed)) problems.push(`${rootFile}: the layer table lists \`${listed}\`, which is not a module`);
  }
  if (printGraph) {
    for (const [module, edges] of [...graph].sort((a, b) => layers.get(b[0]) - layers.get(a[0]))) {
      console.log(`${layers.get(module)} ${module}: ${[...edges].sort().join(", ")}`);
    }
  }
  const cycle = findCycle(graph);
  if (cycle) problems.push(`${crateDir}: modules use each other in a circle: ${cycle.join(" -> ")}`);
  return { problems, modules: graph.size, layers: new Set(layers.values()).size };
}

const args = process.argv.slice(2);
const printGraph = args.includes("--graph");
let failed = false;
for (const crateDir of args.filter((arg) => arg !== "--graph")) {
  const { problems, modules, layers } = checkCrate(crateDir, printGraph);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) failed = true;
  else console.log(`${crateDir}: ${modules} modules in ${layers} layers, no circle`);
}
process.exit(failed ? 1 : 0);
