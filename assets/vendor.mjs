// Copy the built files duban serves into the Python package, with a manifest of versions and hashes.
// Run `npm ci && npm run vendor` here after changing a version in package.json; commit the result.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const out = "../duban/web/static/vendor";
const files = {
  bootstrap: ["dist/css/bootstrap.min.css", "dist/js/bootstrap.bundle.min.js"],
  "bootstrap-icons": ["font/bootstrap-icons.min.css", "font/fonts/bootstrap-icons.woff2", "font/fonts/bootstrap-icons.woff"],
  "htmx.org": ["dist/htmx.min.js"],
  echarts: ["dist/echarts.min.js"],
};

rmSync(out, { recursive: true, force: true });
const manifest = {};
for (const [name, paths] of Object.entries(files)) {
  const version = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
  manifest[name] = { version, files: {} };
  for (const path of paths) {
    const target = join(out, name, path.replace(/^(dist|font)\//, ""));
    mkdirSync(dirname(target), { recursive: true });
    if (/\.(js|css)$/.test(path)) {
      // The source maps are not shipped: drop the comment that would make browsers ask for them.
      const text = readFileSync(`node_modules/${name}/${path}`, "utf8").replace(/\n?\/[*/]# sourceMappingURL=.*$/m, "");
      writeFileSync(target, text);
    } else {
      cpSync(`node_modules/${name}/${path}`, target);
    }
    const sha256 = createHash("sha256").update(readFileSync(target)).digest("hex");
    manifest[name].files[target.slice(out.length + 1)] = sha256;
  }
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(Object.entries(manifest).map(([n, m]) => `${n}@${m.version}`).join(" "));
