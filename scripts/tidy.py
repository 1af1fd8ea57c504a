#!/usr/bin/python3
"""clang-tidy over the project's own sources in BUILD_DIR/compile_commands.json, in parallel (scripts/lint tidy).

Incremental: a translation unit that passed leaves a stamp in BUILD_DIR/clang-tidy-stamps/; it is checked again
only when ninja has rebuilt its object file since (its source or any header it includes changed) or .clang-tidy
changed. Any finding fails (.clang-tidy has WarningsAsErrors: '*'); the findings are printed.
"""
import concurrent.futures
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
config_time = max(os.path.getmtime(os.path.join(root, f)) for f in (".clang-tidy", "tests/.clang-tidy"))
stamps = os.path.join(build, "clang-tidy-stamps")
os.makedirs(stamps, exist_ok=True)


def stale(entry):
    args = shlex.split(entry["command"])
    obj = os.path.join(entry["directory"], args[args.index("-o") + 1]) if "-o" in args else None
    stamp = os.path.join(stamps, entry["file"].replace("/", "%"))
    if not os.path.exists(stamp) or (obj is None or not os.path.exists(obj)):
        return True
    stamp_time = os.path.getmtime(stamp)
    return os.path.getmtime(obj) > stamp_time or config_time > stamp_time


def tidy(entry):
    p = subprocess.run(["clang-tidy", "-quiet", "-p", build, entry["file"]], capture_output=True, text=True)
    if p.returncode == 0:
        open(os.path.join(stamps, entry["file"].replace("/", "%")), "w").close()
    return entry["file"], p.returncode, p.stdout + p.stderr


entries = [e for e in json.load(open(os.path.join(build, "compile_commands.json"))) if own.match(e["file"])]
todo = [e for e in entries if stale(e)]
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
