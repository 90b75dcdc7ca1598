#!/usr/bin/env node
// Adds lockfile entries for the optional, platform-specific packages (rollup, sass-embedded, ... builds for other
// operating systems) that npm leaves out when the registry cannot serve them. Without the entries `npm ci` refuses
// the lockfile as out of sync. npm skips these entries at install time on non-matching platforms.
// Run after any `npm install` that rewrites package-lock.json:  node tools/lockfile-platforms.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = 'package-lock.json';
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const dry = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { encoding: 'utf8' });
const missing = [...new Set([...(dry.stderr + dry.stdout).matchAll(/Missing: (\S+?)@ from lock file/g)].map((m) => m[1]))];
if (!missing.length) {
  console.log('package-lock.json is complete');
  process.exit(0);
}

function spec(name) {
  for (const entry of Object.values(lock.packages)) {
    const v = entry.optionalDependencies?.[name];
    if (v) return v;
  }
  throw new Error(`no package in the lockfile lists ${name} as an optional dependency`);
}

function inferPlatform(name) {
  const n = name.toLowerCase();
  const os = ['darwin', 'win32', 'android', 'freebsd', 'openbsd', 'openharmony', 'linux'].find((o) => n.includes(o));
  const cpu = ['arm64', 'x64', 'ia32', 'riscv64', 'loong64', 'ppc64', 's390x', 'arm'].find((c) => n.includes(`-${c}`));
  const libc = n.includes('musl') ? ['musl'] : n.includes('linux') && n.includes('gnu') ? ['glibc'] : undefined;
  // Packages for no known platform (e.g. sass-embedded-unknown-all) must never match this machine.
  return { os: [os ?? 'none'], cpu: [cpu ?? 'none'], ...(libc ? { libc } : {}) };
}

for (const name of missing) {
  const version = spec(name).replace(/^[\^~=]/, '');
  let meta;
  try {
    meta = JSON.parse(
      execFileSync('npm', ['view', `${name}@${version}`, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  } catch {
    meta = null;
  }
  const platform = meta?.os && meta?.cpu ? { os: meta.os, cpu: meta.cpu, ...(meta.libc ? { libc: meta.libc } : {}) } : inferPlatform(name);
  lock.packages[`node_modules/${name}`] = {
    version: meta?.version ?? version,
    ...(meta?.dist ? { resolved: meta.dist.tarball, integrity: meta.dist.integrity } : {}),
    optional: true,
    ...platform,
  };
  console.log(`added ${name}@${version} (${platform.os}/${platform.cpu}${meta ? '' : ', not on the registry'})`);
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
