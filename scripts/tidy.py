#!/usr/bin/python3
"""clang-tidy over the project's own sources in BUILD_DIR/compile_commands.json, in parallel (scripts/lint tidy).

Incremental, by content: a translation unit that passed leaves a stamp named by a hash of everything its result
depends on: clang-tidy's version, both .clang-tidy files, its compile command (with the checkout's and the build
dir's paths taken out, so another clone of the same sources shares the stamps) and the contents of its source and
of every header it includes (ninja's dependency log of the build that just ran). Stamps live in
~/.cache/kafkalab/clang-tidy/. Any finding fails (.clang-tidy has WarningsAsErrors: '*'); the findings are printed.
"""
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.path.abspath(sys.argv[1])
# The product code (kafkacore, widgets, app) and the tests (tests/.clang-tidy turns off the two checks they cannot
# follow, and says why).
own = re.compile(r"^" + re.escape(root) + r"/(kafkacore|widgets|app|tests)/.*\.cpp$")
cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
stamps = os.path.join(cache_home, "kafkalab", "clang-tidy")
os.makedirs(stamps, exist_ok=True)

common = hashlib.sha256()
common.update(subprocess.run(["clang-tidy", "--version"], capture_output=True, text=True).stdout.encode())
for f in (".clang-tidy", "tests/.clang-tidy"):
    with open(os.path.join(root, f), "rb") as fh:
        common.update(fh.read())

# object file (relative to the build dir) -> the files it was compiled from, from ninja's log
deps = {}
current = None
for line in subprocess.run(["ninja", "-C", build, "-t", "deps"], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    if line and not line.startswith(" "):
        current = line.split(":", 1)[0] if "(VALID)" in line else None
        if current:
            deps[current] = []
    elif current and line.strip():
        deps[current].append(line.strip())

file_hashes = {}


def file_hash(path):
    if path not in file_hashes:
        try:
            with open(path, "rb") as fh:
                file_hashes[path] = hashlib.sha256(fh.read()).hexdigest()
        except OSError:
            file_hashes[path] = "missing"
    return file_hashes[path]


def neutral(text):
    return text.replace(build, "@BUILD@").replace(root, "@ROOT@")


def stamp_of(entry):
    """The stamp's path, or None when ninja has no dependency record for the object (always checked then)."""
    args = shlex.split(entry["command"])
    obj = args[args.index("-o") + 1] if "-o" in args else None
    if obj is None or obj not in deps:
        return None
    h = common.copy()
    h.update(neutral(entry["command"]).encode())
    for d in deps[obj]:
        path = d if os.path.isabs(d) else os.path.join(entry["directory"], d)
        h.update(neutral(os.path.normpath(path)).encode() + b"\0" + file_hash(path).encode())
    return os.path.join(stamps, h.hexdigest())


def tidy(job):
    entry, stamp = job
    p = subprocess.run(["clang-tidy", "-quiet", "-p", build, entry["file"]], capture_output=True, text=True)
    if p.returncode == 0 and stamp:
        open(stamp, "w").close()
    return entry["file"], p.returncode, p.stdout + p.stderr


entries = [e for e in json.load(open(os.path.join(build, "compile_commands.json"))) if own.match(e["file"])]
jobs = [(e, stamp_of(e)) for e in entries]
todo = [j for j in jobs if not (j[1] and os.path.exists(j[1]))]
print(f"lint: clang-tidy over {len(todo)} of {len(entries)} translation units ({len(entries) - len(todo)} unchanged)",
      flush=True)
failed = []
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    for file, code, output in pool.map(tidy, todo):
        if code != 0:
            failed.append(file)
            print("\n".join(l for l in output.splitlines() if not re.match(r"^\d+ warnings? (and \d+ errors? )?generated", l)))
if failed:
    print(f"lint: clang-tidy failed in {len(failed)} files: " + " ".join(os.path.relpath(f, root) for f in failed))
    sys.exit(1)
print("lint: clang-tidy clean")
